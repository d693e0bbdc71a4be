#pragma once
// Judging saved generations offline (`auditgap-cli judge`, the GUI's "Judge saved
// generations…"): a HarmBench classifier (or a judge model with its own template) reads every
// distinct (request, answer) pair of a generations file (io/GenerationsFile.h) in batches, so a
// 13B judge and a 3B audited model never share memory.
//
// Resumable: each judged batch is appended to `<out>.journal` (one JSON line per pair, written
// with one write and fsync'd) before the next starts. A kill at any moment leaves every judged
// pair in the journal (a line cut by the kill is dropped); the next run with the same input,
// judge and template continues from there and judges no pair twice. A journal from another run
// (its input or judge hashes differ) is refused with a message naming it. The output is written
// atomically at the end, then the journal is removed.
//
// Outputs: a CSV input gives the same rows with judge columns; an audit's results JSON gives
// the results re-judged: verdicts (empty answers stay "empty"), success, and, where S is the
// verdict (no reward model), S, LVS and the summaries recomputed; the judge is recorded.
// A fine-tuning generations CSV (seed, step columns) also gets its compliance curve and onset.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "io/AuditResults.h"
#include "io/GenerationsFile.h"
#include "metrics/Onset.h"

namespace auditgap::core {

class JudgeModel;

struct JudgeJobOptions {
    std::filesystem::path input, output;
    std::filesystem::path judgeDir, judgeTemplate; // template "" = the checkpoint's official prompt
    std::string behaviorColumn;                    // CSV overrides (GenerationsFile::load)
    std::vector<std::string> answerColumns;
    std::string device, dtype;            // "" = the defaults (model/Transformer.h parseLoadOptions)
    int batchSize = 8;
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(size_t done, size_t total)> onProgress;
};

struct SeedCurve {
    std::string seed;
    std::vector<CompliancePoint> curve; // judged compliance per evaluated step
    std::optional<int> onset;
};

struct JudgeJobResult {
    std::string judge;          // the checkpoint name
    size_t rows = 0;            // rows (cells) of the input
    size_t pairs = 0;           // distinct (request, answer) pairs
    size_t resumed = 0;         // pairs found judged in the journal
    size_t judgedNow = 0;       // pairs judged by this run
    double harmfulRate = 0.0;   // over the pairs
    std::optional<AuditResults> audit; // the re-judged audit (JSON input)
    std::vector<SeedCurve> curves;     // fine-tuning generations: per seed
    std::optional<double> medianOnset;
};

// The journal beside an output file.
std::filesystem::path judgeJournalPath(const std::filesystem::path& output);

// Throws Error for bad input (before any judging), Cancelled when `cancel` is set (the journal
// keeps what was judged).
JudgeJobResult runJudgeJob(const JudgeJobOptions& options);

// An audit's cells re-judged with `verdicts` (indexing file.pairs); summaries recomputed.
AuditResults rejudgeAudit(const GenerationsFile& file, const std::vector<JudgedAnswer>& verdicts,
                          const std::string& judgeDir, const std::string& judgeTemplate, const std::string& judge);

} // namespace auditgap::core
