#pragma once
// The paper's released results (../shared/fixtures/paper-results, the paper repository's
// results/ folder) read as a read-only reference: Table 1's summary per architecture
// (intervention/report_<arch>.json) and the harmful fine-tuning trajectories
// (harmful_sft/<arch>-<variant>-<data>/trajectory[_s<seed>].csv, judged compliance every 5
// steps). Torch- and Qt-free; load() throws Error naming the file, the line and the field.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "metrics/Onset.h"

namespace auditgap::core {

struct PaperVariantSummary {
    double cleanCompliance = 0.0;
    double peakLvs = 0.0;
    std::string peakLvsLayer;     // "embedding" or "L<i>" as the paper writes it
    double steerMaxCompliance = 0.0; // steering at frac 0.06, best layer
    std::string steerBestLayer;
};

struct PaperFineTuneRun {
    std::string arch, variant, data; // e.g. gemma2-2b, dissociated, llm-lat
    int seed = 0;
    std::vector<CompliancePoint> trajectory;
};

struct PaperReference {
    std::filesystem::path root;
    // arch -> variant (base, dissociated, harmful) -> Table 1 summary
    std::map<std::string, std::map<std::string, PaperVariantSummary>> table;
    std::vector<PaperFineTuneRun> fineTune; // sorted by arch, variant, data, seed

    // `dir`: the results folder (holding intervention/ and harmful_sft/).
    static PaperReference load(const std::filesystem::path& dir);
    // Per-seed onsets and their median of one (arch, variant, data) cell.
    std::vector<std::optional<int>> onsets(const std::string& arch, const std::string& variant, const std::string& data,
                                           double threshold = 0.8) const;
    // Table 1 and the onset medians as text.
    std::string tableText() const;
};

} // namespace auditgap::core
