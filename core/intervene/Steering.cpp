#include "intervene/Steering.h"

#include <algorithm>

#include <torch/torch.h>

#include "Error.h"
#include "intervene/LatentAttack.h"
#include "model/Transformer.h"

namespace auditgap::core {

at::Tensor lastTokenActivations(const Transformer& model, const std::vector<std::vector<int64_t>>& prompts, int layer,
                                int batchSize) {
    if (prompts.empty()) throw Error("steering: no prompts");
    const size_t step = static_cast<size_t>(std::max(1, batchSize));
    std::vector<at::Tensor> out;
    for (size_t s = 0; s < prompts.size(); s += step) {
        AttackBatch b;
        b.prompts.assign(prompts.begin() + static_cast<std::ptrdiff_t>(s),
                         prompts.begin() + static_cast<std::ptrdiff_t>(std::min(prompts.size(), s + step)));
        b.targets.assign(b.prompts.size(), std::vector<int64_t>{0}); // unseen by the prompt positions
        const PaddedInputs in = paddedInputs(model, b);
        at::Tensor h = activationAt(cleanActivations(model, in), layer).to(torch::kCPU, torch::kFloat);
        at::Tensor last = torch::tensor(in.promptLengths, torch::kLong) - 1;
        out.push_back(h.gather(1, last.view({-1, 1, 1}).expand({h.size(0), 1, h.size(2)})).squeeze(1));
    }
    return at::cat(out);
}

namespace {
at::Tensor unit(const at::Tensor& d) { return d / d.norm().clamp_min(1e-12); }
} // namespace

at::Tensor steeringDirection(const Transformer& model, const std::vector<std::vector<int64_t>>& toward,
                             const std::vector<std::vector<int64_t>>& away, int layer) {
    return unit(lastTokenActivations(model, toward, layer).mean(0) - lastTokenActivations(model, away, layer).mean(0));
}

at::Tensor steeringDirection(const Transformer& toward, const Transformer& away,
                             const std::vector<std::vector<int64_t>>& prompts, int layer) {
    if (toward.config().hiddenSize != away.config().hiddenSize)
        throw Error(describe("", "steering", "the two models have different hidden sizes (" +
                                                 std::to_string(toward.config().hiddenSize) + " and " +
                                                 std::to_string(away.config().hiddenSize) + ")"));
    return unit((lastTokenActivations(toward, prompts, layer) - lastTokenActivations(away, prompts, layer)).mean(0));
}

} // namespace auditgap::core
