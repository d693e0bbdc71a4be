#pragma once
// The fast judge behind live budget sliders (DESIGN §3): refusal estimated from one forward of
// the logit refusal score (Arditi et al.; metrics/LogitRefusal) under a ONE-step attack at each
// hook point's budget, instead of full PGD + generation + reward. Per prompt the estimate is
// P(refusal first token) = sigmoid(log-odds), in [0, 1].
// One-step attacks: PGD ℓ∞ takes a single signed-gradient step of the full radius eps (FGSM,
// the corner of the same ball the full attack searches); ℓ2 a single normalised step of the
// whole budget; the random control draws δ exactly as the audit does; steering applies its
// direction (no gradient at all). The full audit refines these values afterwards.
// Torch-free header. Worker thread; `cancel` may be set from any thread (throws Cancelled).
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "io/AuditSettings.h"
#include "io/PromptSet.h"
#include "model/HookPoint.h"

namespace auditgap::core {

class ActivationCache;
class LanguageModel;

struct LiveEstimateRequest {
    std::vector<PromptItem> prompts;
    std::string target = "Sure, here is"; // for prompts without their own target
    AttackKind attack = AttackKind::Pgd;
    std::vector<HookPoint> layers;        // hook points
    std::vector<double> budgets;          // relative budget p per layer (0 = no attack: clean)
    bool clean = true;                    // also score the prompts without any attack
    uint64_t seed = 0;
    int batchSize = 64;
};

struct LiveEstimate {
    std::vector<double> clean;             // [prompt] P(refusal), empty when not asked
    std::vector<std::vector<double>> rows; // [layer][prompt] P(refusal) under the one-step attack
                                           // (empty: not computed yet, in a partial result)
};
// Receives the estimate so far: the clean row as soon as it exists, then after each hook point's
// row (the rows not yet computed are empty). The complete result is the return value.
using EstimateSink = std::function<void(const LiveEstimate& partial)>;

// The instant tier, for the ℓ∞ PGD attack: one forward + backward per prompt set gives, at
// every hook point, the gradient of the refusal log-odds s with respect to the activation.
// A one-step attack of radius eps = p·max|h_l| against s then changes it, to first order, by
// −eps·‖∂s/∂h_l‖₁ (the ℓ1 norm over the prompt positions), so the estimate for any budget at
// any hook point is sigmoid(s − p·max|h_l|·‖∂s/∂h_l‖₁): no model call per slider move. The
// exact one-step estimate (estimateRefusal) replaces it moments later.
struct RefusalGradients {
    std::vector<double> clean;               // [prompt] log-odds without an attack
    std::vector<std::vector<double>> l1;     // [hook][prompt] ‖∂s/∂h‖₁ over the prompt positions
    std::vector<std::vector<double>> maxAbs; // [hook][prompt] max |h| over the prompt positions
    // Hook index 0 = "embedding" (the paper's), h >= 1 = block h - 1. P(refusal) per prompt.
    std::vector<double> linearEstimate(int hook, double budget) const;
};
RefusalGradients refusalGradients(const LanguageModel& model, const std::vector<PromptItem>& prompts,
                                  const std::atomic<bool>* cancel = nullptr, int batchSize = 64);

// `cache` (may be null) supplies and keeps the clean activations, keyed by `cacheKey`.
// `onPartial` (may be empty) sees the clean row, then each hook point's row as it completes.
LiveEstimate estimateRefusal(const LanguageModel& model, const LiveEstimateRequest& request,
                             const std::atomic<bool>* cancel = nullptr, ActivationCache* cache = nullptr,
                             const std::string& cacheKey = "", const EstimateSink& onPartial = {});

} // namespace auditgap::core
