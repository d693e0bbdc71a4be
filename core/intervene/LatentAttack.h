#pragma once
// Bounded latent attacks on a batch of prompts (DESIGN §1.1):
//  - latentPgd: the paper's `_pgd`, batched. ℓ∞ ball of radius eps = p * max|h_l| over the
//    clean prompt positions of each row, `steps` sign-gradient steps of eps/4 from 0, clamped,
//    minimising the teacher-forced mean NLL of the target tokens; sign(0) = 0.
//  - l2Attack: one δ ∈ R^H per row at every position (decode steps too); `steps` steps of
//    0.3·budget along the normalised gradient, each projected back onto the sphere ‖δ‖ = budget.
//  - randomControl: δ uniform in the same ℓ∞ ball as latentPgd, seeded per row.
// Rows are right-padded with attention masks and carry their own δ, so a batch gives the same
// result as its rows one at a time. The clean activation at the layer is computed once (or
// passed in from a cache) and every step runs only the blocks after the layer.
// Call from the thread that owns the model; `cancel` may be set from any thread (the attack then
// throws Cancelled and leaves nothing behind).
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include <ATen/core/Tensor.h>

#include "model/Intervention.h"

namespace auditgap::core {

class Transformer;

// Prompts (already chat-templated ids) and the target each row is teacher-forced towards.
struct AttackBatch {
    std::vector<std::vector<int64_t>> prompts;
    std::vector<std::vector<int64_t>> targets;
    // Optional cached clean activation at the attack layer for prompt ++ target, [B, Tmax, H]
    // right-padded as in paddedInputs(); computed when undefined.
    at::Tensor cleanActivation;
};

struct PgdOptions {
    int layer = 0;               // kHookEmbedTokens (the paper's "embedding"), kHookEmbedding or a block
    double budget = 1e-3;        // relative budget p
    std::vector<double> rowBudgets; // per row, overrides `budget` when given
    int steps = 10;
    double stepFraction = 0.25;  // alpha = eps * stepFraction
    const std::atomic<bool>* cancel = nullptr;
    // false: every step runs the whole model from the token ids and computes the logits at
    // every position, as the paper's code does (the benchmark's naive path); same result.
    bool fromCachedActivation = true;
    // false: skip the target NLL at the final δ (one forward less; nllTrace then ends at
    // δ_{steps-1}). Live estimates need only δ.
    bool finalNll = true;
    // Observer called after every step k = 1..steps with δ_k [B, Tmax, H] (float, CPU).
    std::function<void(int step, const at::Tensor& delta)> onStep;
};

struct L2Options {
    int layer = 0;
    std::vector<double> budgets; // per row, absolute ‖δ‖₂ (see l2Budget)
    int steps = 16;
    double stepFraction = 0.3;
    const std::atomic<bool>* cancel = nullptr;
};

// One row's outcome.
struct AttackRow {
    double eps = 0.0;               // ℓ∞ radius (double, as Python computes it); ℓ2: the budget
    double alpha = 0.0;             // step size
    std::vector<double> nllTrace;   // target NLL at δ_0 .. δ_steps
    at::Tensor delta;               // ℓ∞: [Tp, H]; ℓ2: [H]  (float, CPU)
    double deltaL2 = 0.0;           // Frobenius norm of δ (float32, as the paper returns it)
};

struct AttackResult {
    std::vector<AttackRow> rows;
    // The intervention that applies these δ to the same prompts (right-padded batch order):
    // ℓ∞/random: prefill only on prompt positions; ℓ2: every position and decode step.
    Intervention intervention;
};

// Right-padded prompt ++ target ids [B, Tmax] and mask [B, Tmax] (pad = the config's pad id or 0).
struct PaddedInputs {
    at::Tensor ids;
    at::Tensor mask;
    std::vector<int64_t> promptLengths;
    std::vector<int64_t> targetLengths;
};
PaddedInputs paddedInputs(const Transformer& model, const AttackBatch& batch);

// Clean activations of every hook point for prompt ++ target: [kHookEmbedTokens, embedding,
// block 0..N-1] -> index layer + 2. Each [B, Tmax, H].
std::vector<at::Tensor> cleanActivations(const Transformer& model, const PaddedInputs& in);
at::Tensor activationAt(const std::vector<at::Tensor>& all, int layer);

AttackResult latentPgd(const Transformer& model, const AttackBatch& batch, const PgdOptions& options);
AttackResult l2Attack(const Transformer& model, const AttackBatch& batch, const L2Options& options);
// `rowSeeds` gives each row its own stream, so a row's δ does not depend on its batch.
AttackResult randomControl(const Transformer& model, const AttackBatch& batch, int layer, double budget,
                           const std::vector<uint64_t>& rowSeeds);

// A fixed vector per row, added at every position and decode step (as the ℓ2 attack's δ): the
// matched-norm random control of the ℓ2 attack and the paper's steering. `vectors` [B, H];
// each row records eps = `eps[b]`, its target NLL and ‖vector‖₂.
AttackResult fixedVectors(const Transformer& model, const AttackBatch& batch, int layer, const at::Tensor& vectors,
                          const std::vector<double>& eps);
// `rows` random directions of norm `radius[b]` (Gaussian, normalised: the paper's
// adaptive_attack.py control), each from its own seed: [rows, H] (float, CPU).
at::Tensor randomSphere(int64_t hidden, const std::vector<double>& radius, const std::vector<uint64_t>& rowSeeds);

// Target NLL (mean over the target tokens) per row with an intervention applied.
std::vector<double> targetNll(const Transformer& model, const AttackBatch& batch,
                              const Intervention* intervention = nullptr);

// ℓ2 budget: fraction × mean ‖h_l‖₂ at the last prompt token over the given prompts.
double l2Budget(const Transformer& model, const std::vector<std::vector<int64_t>>& prompts, int layer,
                double fraction = 0.06);

} // namespace auditgap::core
