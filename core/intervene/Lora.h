#pragma once
// What a training loop updates (harmful fine-tuning, the dissociation): every floating-point
// weight of a network, or LoRA pairs on the attention q/k/v/o projections (rank r, A ~ N(0, 1/in),
// B = 0, seeded), applied as W0 + (alpha/r)·B·A: differentiably for a step, or merged.
// Full fine-tuning leaves requires_grad on until the object is destroyed.
#include <cstdint>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

namespace auditgap::core {

class Transformer;

struct LoraPair {
    std::string name;
    at::Tensor base; // W0
    at::Tensor a, b; // [r, in], [out, r]
    bool transposed; // GPT-2 Conv1D stores [in, out]
};

class TrainableWeights {
public:
    // rank 0: every floating-point weight; `where` names the model in messages.
    TrainableWeights(Transformer& net, int rank, double alpha, uint64_t seed, const std::string& where);
    ~TrainableWeights();
    TrainableWeights(const TrainableWeights&) = delete;
    TrainableWeights& operator=(const TrainableWeights&) = delete;

    std::vector<at::Tensor> tensors; // what the optimiser updates
    std::vector<LoraPair> lora;
    double scale = 0.0;              // alpha / rank

    bool isLora() const { return !lora.empty(); }
    // Puts W0 + scale·BA into the network: differentiable for a step, or merged (detached).
    void apply(Transformer& net, bool merge) const;
};

} // namespace auditgap::core
