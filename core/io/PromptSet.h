#pragma once
// Prompt sets (torch-free). Formats (PromptFormat; "auto" picks one by extension and header):
//  - harmbench: the HarmBench behaviors CSV (Behavior, FunctionalCategory, SemanticCategory,
//    Tags, ContextString, BehaviorID). A contextual behavior's prompt is its context, a
//    "---" separator and the behavior, as HarmBench formats it ("{context}\n\n---\n\n{behavior}");
//    the judge reads the behavior alone;
//  - advbench: `goal,target`;
//  - jbb: JailbreakBench behaviors (Goal, Target, Behavior, Category; Behavior is the ID);
//  - csv: any CSV with a `prompt` or `goal` column (optional target, label, category, id);
//  - jsonl: one object per line, `{prompt, label?, category?, target?, response?, id?}` (also
//    `goal` as in AdvBench, or `ids` token ids); field names are configurable;
//  - text: one prompt per line.
// CSV is RFC 4180 (quoted fields may hold commas, quotes and line breaks); a UTF-8 BOM is
// skipped. Errors name the file, the line and the column. The hash is SHA-256 of the file's bytes.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace auditgap::core {

struct PromptItem {
    std::string prompt;
    std::string label;    // "harmful", "benign", or "" (treated as harmful by the audit)
    std::string category;
    std::string target;   // per-prompt PGD target; "" = the audit's default
    std::string response; // JSONL "response": an answer (fine-tuning pairs)
    std::string behavior;   // the request the judge reads; "" = the prompt (differs for contextual behaviors)
    std::string behaviorId; // HarmBench BehaviorID, JailbreakBench Behavior, CSV/JSONL id; "" if none
    std::string functionalCategory; // HarmBench: standard | contextual | copyright
    std::string context;    // HarmBench ContextString
    int line = 0;         // 1-based line in the source file
    // JSONL "ids" / "target_ids": a prompt given as token ids (no chat template), for models
    // without a tokenizer (random models, benchmarks). `prompt` then holds the ids as text.
    std::vector<int64_t> ids;
    std::vector<int64_t> targetIds;
};

// How a prompt file is read.
struct PromptFormat {
    std::string kind = "auto"; // auto | harmbench | advbench | jbb | csv | jsonl | text
    // JSONL field names by role (prompt, target, label, category, id, response); roles not
    // named keep their default field.
    std::map<std::string, std::string> fields;

    // `kind` and "ROLE=FIELD" specs (--prompt-field prompt=instruction). Throws Error naming
    // the option and the allowed values.
    static PromptFormat parse(const std::string& kind, const std::vector<std::string>& fieldSpecs = {});
    std::string field(const std::string& role) const; // the field name of a role
    static const std::vector<std::string>& kinds();
};

// Which prompts of a file are used: by semantic category, by HarmBench functional category,
// then a seeded random subset of n (the file's order kept). Empty: every prompt.
struct PromptFilter {
    std::vector<std::string> categories; // case-insensitive
    std::vector<std::string> functional; // case-insensitive
    int n = 0;                           // 0: all that pass the category filters
    uint64_t seed = 0;

    bool empty() const { return categories.empty() && functional.empty() && n <= 0; }
    std::string describe() const; // "category=chemical_biological; n=24 seed 0"; "" when empty
};

struct PromptSet {
    std::vector<PromptItem> items;
    std::string source; // path, or "inline"
    std::string sha256;
    std::string format;    // the format the file was read as (harmbench, jsonl, ...)
    std::string selection; // PromptFilter::describe() of the filter applied; "" = the whole file

    // Throws Error naming the file (and line) for a missing/empty file or a malformed row.
    static PromptSet load(const std::filesystem::path& path, const PromptFormat& format = {});
    static PromptSet parse(const std::string& text, const std::string& format, const std::string& source);
    static PromptSet parse(const std::string& text, const PromptFormat& format, const std::string& source);
    // The prompts `filter` keeps. Throws Error naming the filter and the values the file has
    // when nothing is left.
    PromptSet filtered(const PromptFilter& filter) const;
    bool isHarmful(size_t i) const { return items[i].label != "benign"; }
    // The request a judge reads for prompt i (the behavior, else the prompt).
    const std::string& behaviorOf(size_t i) const {
        return items[i].behavior.empty() ? items[i].prompt : items[i].behavior;
    }
};

// One CSV record split into fields (RFC 4180 quotes); `pos` advances past the record.
// Throws std::runtime_error on an unterminated quote.
std::vector<std::string> readCsvRecord(const std::string& text, size_t& pos);

} // namespace auditgap::core
