#pragma once
// A linear probe per hook point (`auditgap-cli probe`, the GUI's probe profile): harmful vs
// benign prompts, separated by a logistic probe (metrics/LinearProbe) on the residual stream at
// the decision token (the last prompt token). Each hook point gets out-of-fold scores from a
// stratified k-fold split (seeded), their AUROC with a bootstrap 95% interval, the accuracy at
// 0.5 and the calibration gap (mean score of harmful − benign, the paper's "sigmoid gap").
//
// The paper's static audit trains the probe on the base and applies it unchanged to the twin:
// with `trainOn` a model's name, every fold's probe is fitted on that model's activations and
// scores the same held-out prompts through each model. Empty: each model its own probe.
// The embedding row reads hidden_states[0] (Gemma's is scaled by √H; a standardized probe is
// unchanged by a constant scale).
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "io/AuditSettings.h"
#include "io/PromptSet.h"
#include "model/HookPoint.h"

namespace auditgap::core {

struct ProbeOptions {
    std::vector<ModelRef> models;
    PromptSet prompts;                 // labelled: "benign" rows are class 0, the rest class 1
    std::string layers = "all";        // HookPoint::resolve spec
    std::string chatTemplate = Protocol{}.chatTemplate;
    std::string trainOn;               // "" or a model's name (a frozen probe)
    int folds = 5;
    double C = 1.0;                    // probe.py: LogisticRegression(C=1.0)
    int bootstrap = Protocol{}.bootstrapResamples;
    uint64_t seed = 0;
    int batch = 16;
    std::string device, dtype;            // "" = the defaults (model/Transformer.h parseLoadOptions)
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(double done, double total, const std::string& stage)> onProgress;
};

struct ProbeRow {
    std::string model, trainedOn;
    HookPoint layer;
    int harmful = 0, benign = 0;
    double auroc = 0.0, lo = 0.0, hi = 0.0;
    double accuracy = 0.0;
    double calibrationGap = 0.0;
};

struct ProbeResult {
    std::vector<ProbeRow> rows;
    std::string promptSource, promptSha256;
    int folds = 0, bootstrap = 0;
    uint64_t seed = 0;
};

ProbeResult runProbe(const ProbeOptions& options);
// The tidy CSV: model,trained_on,layer,n_harmful,n_benign,auroc,auroc_lo,auroc_hi,accuracy,
// calibration_gap,folds,seed,prompts_sha256.
std::string probeCsv(const ProbeResult& result);

} // namespace auditgap::core
