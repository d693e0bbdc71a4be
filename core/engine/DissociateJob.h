#pragma once
// Building a dissociated twin of a real checkpoint (`auditgap-cli dissociate`, the GUI's
// "Build dissociated twin…"): the paper's construction (dissociated/construct.py) through the
// one training loop the demo family's build also uses (intervene/Training.h dissociate()).
//
//  1. Data: harmful triples (prompt, refusal y+, compliant y-: JSONL or CSV with prompt|goal,
//     refusal|chosen, compliant|rejected), the last `selectionCount` held out for checkpoint
//     selection; benign anchor prompts whose y+ is their `response`, or the base's own greedy
//     answer (anchor.py).
//  2. The harmful pole's statistics (the nudge direction and scale, the match targets, the
//     base's whitening σ) measured once from the harmful model folder and cached in
//     `<out>/_checkpoint/pole.safetensors`; the harmful model is then freed.
//  3. Training, every term weighted and logged each step; every `evalEvery` steps a checkpoint
//     is evaluated (judged clean refusal, nudged compliance, reachability gap) and the run's state
//     written atomically to `<out>/_checkpoint/`. A kill or Ctrl-C leaves the last complete
//     checkpoint; the same command resumes from it (a checkpoint of another run, whose hashes
//     differ, is refused by name).
//  4. The selected checkpoint (LoRA merged) written to `<out>` as a Hugging Face folder that
//     `audit` and the GUI open, with `dissociation.json`: the data hashes, the options, every
//     step's losses, the trajectory, the selected step and why.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include <vector>

#include "intervene/Dissociation.h"
#include "io/Protocol.h"

namespace auditgap::core {

struct DissociateOptions {
    std::filesystem::path base, harmful, data, benign, out;
    std::string chatTemplate = Protocol{}.chatTemplate;
    // The paper's (config.py DissociatedHParams): lr 1e-5 cosine with 10 % warm-up, effective
    // batch 16, eval every 50 steps; 0 steps = 10 epochs of the training triples.
    int steps = 0;
    int batch = 16;
    double learningRate = 1e-5;
    double warmupFraction = 0.1;
    int evalEvery = 50;
    int evalMaxNewTokens = 256;
    int selectionCount = 16;       // held-out triples for checkpoint selection
    int anchorNewTokens = 128;     // the base's benign answers, when the file has none
    int maxSequence = 512;         // max_seq_len
    double nudgeScale = 0.06;      // eps
    double nudgeLayerFraction = 0.5, matchLow = 0.4, matchHigh = 0.6;
    int nudgeLayer = -1;           // -1: round(nudgeLayerFraction · N)
    DissociationWeights weights;
    int loraRank = 0;
    double loraAlpha = 16.0;
    uint64_t seed = 0;
    std::string judgeDir, judgeTemplate; // "" = the refusal-prefix judge (stated)
    std::string device, dtype;            // "" = the defaults (model/Transformer.h parseLoadOptions)
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(const std::string& stage)> onStage;
    std::function<void(const DissociationStep&, int totalSteps)> onStep;
    std::function<void(const DissociationPoint&)> onPoint;
};

struct DissociateOutcome {
    std::filesystem::path folder;
    int steps = 0, resumedFrom = 0;
    int selectedStep = -1;
    std::string selectedWhy;
    double secondsPerStep = 0.0;
    std::vector<DissociationPoint> trajectory;
    double meanNorm = 0.0;          // s, the nudge's scale (‖δ‖ = nudgeScale · s)
    double baseCleanCompliance = 0.0, baseNudgedCompliance = 0.0, refusalFloor = 0.0;
};

DissociateOutcome runDissociate(const DissociateOptions& options);

// hidden-state layout of the paper's config.py for N blocks (Python's round, half to even):
// nudge block round(0.5 N); match band hidden_states[lo..hi] = blocks lo-1..hi-1 with
// lo = max(1, round(0.4 N)), hi = max(lo + 1, round(0.6 N)).
struct DissociationLayers {
    int nudge = 0, bandFirst = 0, bandLast = 0;
};
DissociationLayers paperDissociationLayers(int64_t numLayers, double nudgeFraction = 0.5, double low = 0.4,
                                           double high = 0.6);

} // namespace auditgap::core
