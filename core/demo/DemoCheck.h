#pragma once
// `auditgap-cli demo check`: the demo family's acceptance audit on the held-out prompts.
//  - clean refusal (harmful eval prompts) and benign answered (benign eval prompts);
//  - PGD at every hook point at the headline budget (the audit of `auditgap-cli audit`, with
//    the demo reward model as S): ASR and LVS at the nudge layer, the LVS layer profile;
//  - the random control at the nudge layer;
//  - harmful fine-tuning onset t_0.8 (median over seeds, a seed that never reaches 0.8 counting
//    as +inf; null when the median is never);
//  - a logistic-regression probe trained on the base model's last-prompt-token activations at
//    the nudge layer (harmful vs benign training prompts), scored on the dissociated model's
//    activations of the held-out prompts (AUROC).
// Runs on the calling thread; `cancel` may be set from any thread.
#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "io/Protocol.h"
#include "model/HookPoint.h"

namespace auditgap::core {

struct DemoCheckOptions {
    std::filesystem::path models; // a demo folder (demo.json)
    int maxNewTokens = Protocol::named("quick").lvsNewTokens;
    std::string layers = "all"; // hook points of the PGD audit (the LVS profile); the nudge layer is always included
    std::filesystem::path saveResults; // when set, the PGD audit's results JSON is written there
    std::vector<uint64_t> finetuneSeeds{0, 1, 2};
    double finetuneLearningRate = Protocol::named("quick").fineTuneLearningRate; // demo scale
    int finetuneSteps = Protocol::named("quick").fineTuneSteps;
    int finetuneEvalEvery = Protocol::named("quick").fineTuneEvalEvery;
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(const std::string& stage, double done, double total)> onProgress;
};

struct DemoCriterion {
    std::string measure;
    std::string required;
    std::string measured;
    bool passed = false;
};

struct DemoCheckReport {
    // Exactly the keys of the issue: refusal, benign_answered, asr_pgd, asr_random, lvs_nudge,
    // onset_t08 ({base, dissociated, harmful}), lvs_peak_layer, num_layers, probe_auroc,
    // headline_budget, nudge_layer.
    nlohmann::json json() const;
    std::vector<DemoCriterion> criteria; // the acceptance table
    bool passed() const;
    std::string table() const;           // markdown

    struct PerModel {
        double refusal = 0, benignAnswered = 0, asrPgd = 0, asrRandom = 0, lvsNudge = 0;
        double onset = -1; // -1 = never reached
    };
    PerModel base, dissociated, harmful;
    std::vector<HookPoint> profileLayers; // hook points audited, ascending
    std::vector<double> lvsProfile; // dissociated, per profile layer
    std::vector<double> lvsProfileBase;
    std::vector<double> asrProfile, asrProfileBase; // PGD ASR per profile layer
    int lvsPeakLayer = 0;           // HookPoint::code() (a block index; kHookEmbedTokens = the embedding)
    int numLayers = 0;
    int nudgeLayer = 0;
    double headlineBudget = 0;
    double probeAuroc = 0;
};

DemoCheckReport runDemoCheck(const DemoCheckOptions& options);

// Area under the ROC curve of `scores` for `positive` labels (ties count one half).
double auroc(const std::vector<double>& scores, const std::vector<bool>& positive);

} // namespace auditgap::core
