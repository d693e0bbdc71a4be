#pragma once
// Steering directions (DESIGN §1.1): the unit difference of mean last-prompt-token activations
// at a hook point, between two prompt groups on one model, or between two models on the same
// prompts (e.g. harmful pole minus base, as the dissociated-model construction uses).
// Worker thread only.
#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

namespace auditgap::core {

class Transformer;

// [n, H] (float, CPU): the activation at `layer` of each prompt's last token.
at::Tensor lastTokenActivations(const Transformer& model, const std::vector<std::vector<int64_t>>& prompts, int layer,
                                int batchSize = 16);

// unit(mean(toward) - mean(away)) over last-token activations: [H] (float, CPU).
at::Tensor steeringDirection(const Transformer& model, const std::vector<std::vector<int64_t>>& toward,
                             const std::vector<std::vector<int64_t>>& away, int layer);
// unit(mean over prompts of a_toward(x) - a_away(x)): the same prompts through two models of
// the same hidden size. Throws Error when the sizes differ.
at::Tensor steeringDirection(const Transformer& toward, const Transformer& away,
                             const std::vector<std::vector<int64_t>>& prompts, int layer);

} // namespace auditgap::core
