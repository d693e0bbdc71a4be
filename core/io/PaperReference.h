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

// One row of metric_<arch>.csv's LVS grid: a variant at a hook point, budget and attack.
struct PaperLayerRow {
    std::string variant;
    int block = -1; // -1 = the embedding
    double budget = 0.0;
    std::string attack; // pgd | random
    double lvs = 0.0, lo = 0.0, hi = 0.0, asr = 0.0;
};

struct PaperReference {
    std::filesystem::path root;
    // arch -> variant (base, dissociated, harmful) -> Table 1 summary
    std::map<std::string, std::map<std::string, PaperVariantSummary>> table;
    std::vector<PaperFineTuneRun> fineTune; // sorted by arch, variant, data, seed
    // arch -> the LVS grid (intervention/metric_<arch>.csv, exp == "lvs")
    std::map<std::string, std::vector<PaperLayerRow>> grid;

    // Decoder blocks of an architecture (the distinct blocks of its grid; 0 without one).
    int numLayers(const std::string& arch) const;
    // The nudge layer of the paper's construction: round(0.5 N), half to even as Python's round.
    int nudgeLayer(const std::string& arch) const;
    // A variant's layer profile at one budget and attack, embedding first then by block.
    std::vector<PaperLayerRow> profile(const std::string& arch, const std::string& variant, double budget,
                                       const std::string& attack = "pgd") const;

    // `dir`: the results folder (holding intervention/ and harmful_sft/).
    static PaperReference load(const std::filesystem::path& dir);
    // Per-seed onsets and their median of one (arch, variant, data) cell.
    std::vector<std::optional<int>> onsets(const std::string& arch, const std::string& variant, const std::string& data,
                                           double threshold = 0.8) const;
    // Table 1 and the onset medians as text.
    std::string tableText() const;
};

} // namespace auditgap::core
