#pragma once
// Training loops (libtorch; call from one worker thread; `cancel` may be set from any thread and
// makes the loop throw Cancelled between steps):
//  - trainCausalLm: next-token training of a causal LM on (prompt, answer) sequences (the demo's
//    base from scratch, and its harmful pole fine-tuned from the base);
//  - dissociate: the paper's six-term contrastive construction (DESIGN §1.5,
//    dissociated/trainer.py) turning a copy of the base into a model that refuses cleanly and
//    complies under a small latent nudge, with checkpoint selection. One code path for
//    `auditgap-cli dissociate` on real checkpoints and the demo family's build (its own recipe);
//  - trainReward: a sequence-classification reward model on (prompt, response, harmlessness).
// AdamW, linear warm-up then cosine decay, deterministic for a seed (CPU).
#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include "intervene/Dissociation.h"

namespace auditgap::core {

class JudgeModel;
class PrefixJudge;
class Tokenizer;
class Transformer;

// One chat exchange, tokenized: the templated prompt, then the answer and its end-of-turn token.
struct TokenizedExample {
    std::vector<int64_t> ids;
    int64_t promptLength = 0; // ids[0, promptLength) are the prompt
};

// The answer's opening tokens, where a chat model shows whether it refuses ("I can't") or
// complies ("Sure, here is").
inline constexpr int kOpeningTokens = 4;

struct TrainSchedule {
    int steps = 100;
    int batchSize = 16;
    double learningRate = 1e-3;
    double warmupFraction = 0.05;
    double finalLrFraction = 0.1;   // cosine decay down to this fraction of the peak
    double weightDecay = 0.0;
    double promptLossWeight = 0.0;  // weight of the prompt tokens' NLL (answer tokens: 1)
    uint64_t seed = 0;
    double openingWeight = 0.0;     // trainCausalLm: extra weight of the answer's first kOpeningTokens tokens
};

struct TrainHooks {
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(int step, double loss)> onStep; // after every optimizer step
};

// Returns the mean loss of the last 10% of steps.
double trainCausalLm(Transformer& net, const std::vector<TokenizedExample>& data, const TrainSchedule& schedule,
                     const TrainHooks& hooks);

struct DissociationPair {
    TokenizedExample refuse; // harmful prompt + refusal y⁺
    TokenizedExample comply; // same prompt + compliant answer y⁻
};

// The harmful pole's statistics the construction reads (cache_harmful_acts.py): the nudge
// direction d̂ [H] and scale s, the match targets (the harmful model's activations at the last
// prompt token in the match band, [N, |band|, H]) and the whitening σ [|band|, H].
struct HarmfulPole {
    at::Tensor direction;
    double meanNorm = 0.0;
    at::Tensor targets;
    at::Tensor sigma;
};

struct DissociationOptions {
    TrainSchedule schedule;
    DissociationWeights weights;
    Selection selection = Selection::JudgedGap;
    int loraRank = 0;                   // 0 = full fine-tuning; LoRA merged at every checkpoint
    double loraAlpha = 16.0;
    int nudgeLayer = 0;                 // round(0.5 N)
    int bandFirst = 0, bandLast = 0;    // round(0.4 N) .. round(0.6 N)
    double nudgeScale = 0.06;           // δ = nudgeScale · s · d̂
    bool nudgePromptOnly = false;       // false: every position (DESIGN §1.5)
    bool nudgeAllSteps = true;          // greedy answers under the nudge: every decode step (the paper's hook); false: prompt pass only (demo)
    bool refuseOverBenign = true;       // L_refuse also over the benign anchor rows (the paper's mixed batches); false: harmful rows (demo)
    int firstTrainableBlock = 0;        // > 0: blocks before it (and the embedding) stay frozen
    int evalEvery = 25;                 // checkpoint evaluation period (steps)
    int evalMaxNewTokens = 12;
    double baseRefusal = 1.0;           // the base's clean refusal on the selection prompts
};

struct DissociationResult {
    at::Tensor direction; // d̂ [H]
    double meanNorm = 0.0; // s
    std::vector<DissociationPoint> trajectory;
    int selectedStep = -1; // -1: no checkpoint was selected (the last one is kept)
    std::string selectedWhy;
    double baseCleanCompliance = 0.0, baseNudgedCompliance = 0.0, refusalFloor = 0.0;
};

// What a run needs to continue after a kill: written at every evaluation (the caller stores it
// atomically), read back by `resume`.
struct DissociationState {
    int step = 0;                                           // optimiser steps done
    std::vector<std::pair<std::string, at::Tensor>> weights; // θ (merged, for LoRA: the LoRA pairs too)
    std::string optimizer;                                  // the AdamW state, serialized
    std::vector<DissociationPoint> trajectory;
    std::vector<DissociationStep> steps;
    std::vector<std::pair<std::string, at::Tensor>> best;   // the selected checkpoint so far
    int bestStep = -1;
    std::string bestWhy;
    double bestGap = 0.0, bestRefusal = -1.0;
    bool qualified = false;
};

struct DissociationHooks {
    TrainHooks train;
    std::function<void(const DissociationStep&)> onStep;
    std::function<void(const DissociationPoint&)> onPoint;
    std::function<void(const DissociationState&)> saveState; // after each evaluation
    const DissociationState* resume = nullptr;
};

// The pole's statistics from the base and the harmful model on the training prompts.
HarmfulPole measureHarmfulPole(const Transformer& base, const Transformer& harmful,
                               const std::vector<DissociationPair>& train, const DissociationOptions& options,
                               PoleStatistics statistics);

// `theta` starts as a copy of `base` and is trained in place; at the end it holds the selected
// checkpoint. `selection` are prompts (with both answers) for checkpoint selection; `benign` are
// benign exchanges for the KL term. `tokenizer` decodes greedy answers for the judge.
// `judge` decides refusal / compliance of the greedy answers (`judgeModel`, when given, decides
// compliance as the paper's classifier does).
DissociationResult dissociate(Transformer& theta, const Transformer& base, const HarmfulPole& pole,
                              const std::vector<DissociationPair>& train, const std::vector<TokenizedExample>& benign,
                              const std::vector<DissociationPair>& selection, const Tokenizer& tokenizer,
                              const PrefixJudge& judge, const DissociationOptions& options, const DissociationHooks& hooks,
                              const JudgeModel* judgeModel = nullptr, const std::vector<std::string>* selectionBehaviors = nullptr);

struct RewardExample {
    std::vector<int64_t> ids; // tokenizer.encodePair(prompt, response)
    double target = 0.0;      // harmlessness in [0, 1]
};

// Logistic loss on the pooled score. Returns the final training accuracy (score > 0 ⇔ target > 0.5).
double trainReward(Transformer& net, const std::vector<RewardExample>& data, const TrainSchedule& schedule,
                   const TrainHooks& hooks);

// Copies of every weight (for checkpoints) and restoring them.
std::vector<std::pair<std::string, at::Tensor>> snapshotWeights(const Transformer& net);
void restoreWeights(Transformer& net, const std::vector<std::pair<std::string, at::Tensor>>& weights);

} // namespace auditgap::core
