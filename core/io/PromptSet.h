#pragma once
// Prompt sets (torch-free): JSONL `{prompt, label?, category?, target?}` (also `goal` as in
// AdvBench), CSV with a `goal` or `prompt` column (AdvBench / HarmBench style; optional
// `target`, `label`, `category`), or plain text, one prompt per line. Errors name the file and
// the line. The hash is SHA-256 of the file's bytes.
#include <filesystem>
#include <string>
#include <vector>

namespace auditgap::core {

struct PromptItem {
    std::string prompt;
    std::string label;    // "harmful", "benign", or "" (treated as harmful by the audit)
    std::string category;
    std::string target;   // per-prompt PGD target; "" = the audit's default
    std::string response; // JSONL "response": an answer (fine-tuning pairs)
    int line = 0;         // 1-based line in the source file
    // JSONL "ids" / "target_ids": a prompt given as token ids (no chat template), for models
    // without a tokenizer (random models, benchmarks). `prompt` then holds the ids as text.
    std::vector<int64_t> ids;
    std::vector<int64_t> targetIds;
};

struct PromptSet {
    std::vector<PromptItem> items;
    std::string source; // path, or "inline"
    std::string sha256;

    // Throws Error naming the file (and line) for a missing/empty file or a malformed row.
    static PromptSet load(const std::filesystem::path& path);
    static PromptSet parse(const std::string& text, const std::string& format, const std::string& source);
    bool isHarmful(size_t i) const { return items[i].label != "benign"; }
};

// One CSV record split into fields (RFC 4180 quotes); `pos` advances past the record.
// Throws std::runtime_error on an unterminated quote.
std::vector<std::string> readCsvRecord(const std::string& text, size_t& pos);

} // namespace auditgap::core
