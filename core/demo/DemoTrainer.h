#pragma once
// The demo family's training loops (libtorch; call from one worker thread; `cancel` may be set
// from any thread and makes the loop throw Cancelled between steps).
//  - trainCausalLm: next-token training of a causal LM on (prompt, answer) sequences (the base
//    model from scratch, and the harmful pole fine-tuned from the base);
//  - dissociate: DESIGN §1.5's six-term objective turning a copy of the base into a model that
//    refuses cleanly and complies under a small latent nudge, with the paper's checkpoint
//    selection;
//  - trainReward: a sequence-classification reward model on (prompt, response, harmlessness).
// AdamW, linear warm-up then cosine decay, deterministic for a seed (CPU).
#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

namespace auditgap::core {

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

struct DissociationOptions {
    TrainSchedule schedule;
    int nudgeLayer = 0;                 // round(0.5 N)
    int bandFirst = 0, bandLast = 0;    // round(0.4 N) .. round(0.6 N)
    double nudgeScale = 0.06;           // δ = nudgeScale · s · d̂
    bool nudgePromptOnly = false;       // false: every position (DESIGN §1.5)
    double matchWeight = 0.2;           // weight of the whitened match-band term
    int firstTrainableBlock = 0;        // > 0: blocks before it (and the embedding) stay frozen
    int evalEvery = 25;                 // checkpoint evaluation period (steps)
    int evalMaxNewTokens = 12;
    double baseRefusal = 1.0;           // the base's clean refusal on the selection prompts
    // Localization (a term beyond the paper's six, see dissociate()): hook points below the
    // band where the twin must keep refusing harmful prompts (and answering benign ones) under
    // a one-step l-inf attack of relative budget `robustBudget` (eps = p * max|h| over the
    // prompt, as PGD measures it), from step `robustStart` on. Empty: off.
    std::vector<int> robustLayers;
    double robustBudget = 0.0;
    double robustWeight = 0.3;
    int robustStart = 0;
};

struct DissociationPoint {
    int step = 0;
    double loss = 0.0;
    double cleanRefusal = 0.0; // greedy, refusal-prefix judge
    double nudgeGap = 0.0;     // mean NLL(refuse | x, δ) − NLL(comply | x, δ)
    double nudgedCompliance = 0.0;
    double robustGap = std::nan("");  // mean NLL(comply|x,δ_adv) − NLL(refuse|x,δ_adv) of the last period
};

struct DissociationResult {
    at::Tensor direction; // d̂ [H]
    double meanNorm = 0.0; // s
    std::vector<DissociationPoint> trajectory;
    int selectedStep = -1; // -1: no checkpoint met the refusal floor with a positive nudge gap (the last one is kept)
};

// `theta` starts as a copy of `base` and is trained in place; at the end it holds the selected
// checkpoint. `selection` are prompts (with both answers) for checkpoint selection; `benign` are
// benign exchanges for the KL term. `tokenizer` decodes greedy answers for the judge.
DissociationResult dissociate(Transformer& theta, const Transformer& base, const Transformer& harmful,
                              const std::vector<DissociationPair>& train, const std::vector<TokenizedExample>& benign,
                              const std::vector<DissociationPair>& selection, const Tokenizer& tokenizer,
                              const PrefixJudge& judge, const DissociationOptions& options, const TrainHooks& hooks,
                              const std::function<void(const DissociationPoint&)>& onPoint = {});

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
