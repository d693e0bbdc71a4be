#pragma once
// Saved generations to judge offline (torch-free): an audit's results JSON, its tidy CSV, a
// fine-tuning run's generations CSV, or any CSV with a request column and answer columns (the
// paper's gens CSVs: behavior, clean_gen, nudged_gen; prompt, generation). The file is read
// whole and kept as it is; `pairs` are the distinct (request, answer) texts to judge, in file
// order, so an answer repeated across cells (the clean answer of one prompt at every hook point
// and budget) is judged once.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "io/AuditResults.h"
#include "io/CsvTable.h"

namespace auditgap::core {

struct JudgedAnswer {
    bool harmful = false;
    double score = 0.0;   // the judge's P(yes) / (P(yes) + P(no))
    std::string answer;   // the judge's decoded answer
};

struct GenerationsFile {
    std::filesystem::path source;
    std::string sha256;                   // of the file's bytes
    std::optional<AuditResults> audit;    // an audit's results JSON
    std::optional<CsvTable> table;        // a CSV
    std::string behaviorColumn;           // CSV: the request column
    std::vector<std::string> answerColumns; // CSV: the answer columns judged ("clean", "attacked")

    struct Pair {
        std::string behavior, generation;
    };
    std::vector<Pair> pairs;
    // pairIndex[row][answer column] -> index into pairs (audit JSON: columns clean, attacked).
    std::vector<std::vector<size_t>> pairIndex;

    // Reads and indexes the file. CSV columns: --behavior-column / --answer-column when given,
    // else `behavior` (or prompt, goal, question when it is text) and the answer columns found
    // among clean, attacked, generation, response, completion, clean_gen, nudged_gen. Throws Error
    // naming the file and the columns it expected.
    static GenerationsFile load(const std::filesystem::path& file, const std::string& behaviorColumn = {},
                                const std::vector<std::string>& answerColumns = {});

    // The judged CSV: every row as it was, then `judged_by` (the checkpoint) and per answer column
    // `judge_<col>` (1 harmful, 0 not) and `judge_<col>_score`. `verdicts` index `pairs`.
    // (An audit's cells are re-judged by engine/JudgeJob: verdicts feed S, success and LVS.)
    std::string judgedCsv(const std::vector<JudgedAnswer>& verdicts, const std::string& judge) const;
};

} // namespace auditgap::core
