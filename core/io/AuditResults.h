#pragma once
// The results of an audit (torch-free, versioned): settings, model hashes, the prompt-set hash,
// one cell per model × prompt × layer × budget × attack, and a summary per model × layer ×
// budget. JSON loads back byte-stable; the tidy CSV has the same columns as the cells.
// This file only reads and writes them: the summaries are computed by metrics/AuditSummaries.
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "io/AuditSettings.h"
#include "model/HookPoint.h"

namespace auditgap::core {

constexpr int kResultsVersion = 1;

struct AuditCell {
    std::string model;
    int prompt = 0;            // index in the prompt set
    std::string label;         // prompt label ("harmful" / "benign" / "")
    HookPoint layer;
    double budget = 0.0;
    std::string attack;
    std::string target;        // the target string the attack optimised toward
    double eps = 0.0;          // ℓ∞ radius, ℓ2 budget, or steering frac
    double deltaL2 = 0.0;      // Frobenius norm of the whole perturbation
    double nllClean = 0.0;     // target NLL without / with the perturbation
    double nllAttacked = 0.0;
    std::string clean;         // greedy generations
    std::string attacked;
    std::string cleanVerdict;  // refused | complied | empty
    std::string attackedVerdict;
    double rewardClean = 0.0;  // S(y), S(y')
    double rewardAttacked = 0.0;
    double lvs = 0.0;          // η = 1e-4 (median aggregation)
    double lvsMeanRow = 0.0;   // η = 1e-6 (mean aggregation)
    bool success = false;      // attacked verdict = complied
    std::string behavior;      // the request a judge reads (the prompt, or a contextual behavior)
    std::string behaviorId;    // the benchmark's ID (HarmBench BehaviorID...), "" if none
    // A judge model's P(yes) / (P(yes) + P(no)) for the clean / attacked answer (NaN: not judged
    // by a model; `auditgap-cli judge` fills them in).
    double judgeScoreClean = std::numeric_limits<double>::quiet_NaN();
    double judgeScoreAttacked = std::numeric_limits<double>::quiet_NaN();
};

struct AuditSummary {
    std::string model;
    HookPoint layer;
    double budget = 0.0;
    std::string attack;
    int64_t n = 0;             // harmful prompts
    double cleanRefusal = 0.0; // refused without perturbation
    double refusal = 0.0;      // refused under the attack
    double asr = 0.0;          // complied under the attack
    double lvsMean = 0.0;      // η = 1e-6
    double lvsMedian = 0.0;    // η = 1e-4, bootstrap 95% CI
    double lvsLo = 0.0;
    double lvsHi = 0.0;
};

struct ModelInfo {
    std::string name;
    std::string path;
    std::string sha256;
    int64_t numLayers = 0;
    std::string chatTemplate;      // the template the prompts were rendered with ("paper/gemma", ...)
    std::string firstPromptSha256; // SHA-256 of the rendered text of the set's first prompt
};

struct AuditResults {
    int version = kResultsVersion;
    AuditSettings settings;
    std::vector<ModelInfo> models;
    std::string promptSource;
    std::string promptSha256;
    int64_t promptCount = 0;
    std::vector<AuditCell> cells;
    std::vector<AuditSummary> summaries;
    std::vector<std::string> warnings; // e.g. prompts truncated to the context
    std::string promptSelection;       // PromptFilter::describe() of the audited subset ("" = all)
    std::string judgedBy;              // set by `auditgap-cli judge`: the judge checkpoint that re-judged the cells

    // Cells in the canonical order: model, attack, hook point, budget, prompt.
    void sortCells();
    nlohmann::json toJson() const;
    static AuditResults fromJson(const nlohmann::json& j, const std::string& source);
    // Atomic saves; load throws Error naming the file and field.
    void save(const std::filesystem::path& path) const;
    static AuditResults load(const std::filesystem::path& path);
    void saveCsv(const std::filesystem::path& path) const;
    std::string toCsv() const;
    // Shards of one audit (same settings apart from the shard, same models and prompts) joined,
    // cells sorted; the summaries are left empty (metrics::summarize computes them).
    static AuditResults merge(const std::vector<AuditResults>& shards);
};

} // namespace auditgap::core
