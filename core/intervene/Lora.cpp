#include "intervene/Lora.h"

#include <cmath>
#include <cstring>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "Error.h"
#include "model/Transformer.h"

namespace auditgap::core {

namespace {

bool isAttentionProjection(const std::string& name) {
    for (const char* p : {".q_proj.weight", ".k_proj.weight", ".v_proj.weight", ".o_proj.weight", ".attn.c_attn.weight",
                          ".attn.c_proj.weight"})
        if (name.size() > std::strlen(p) && name.compare(name.size() - std::strlen(p), std::strlen(p), p) == 0) return true;
    return false;
}

} // namespace

TrainableWeights::TrainableWeights(Transformer& net, int rank, double alpha, uint64_t seed, const std::string& where) {
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    if (rank == 0) {
        for (auto& [name, t] : net.namedParameters()) {
            if (!t.is_floating_point()) continue;
            t.requires_grad_(true);
            tensors.push_back(t);
        }
        return;
    }
    for (const auto& [name, t] : net.namedParameters()) {
        if (!isAttentionProjection(name)) continue;
        const bool conv = name.find(".attn.c_") != std::string::npos;
        const int64_t out = conv ? t.size(1) : t.size(0), in = conv ? t.size(0) : t.size(1);
        LoraPair p{name, t.detach(), {}, {}, conv};
        p.a = (at::randn({rank, in}, gen, at::TensorOptions().dtype(at::kFloat)) / std::sqrt(static_cast<double>(in)))
                  .to(t.device())
                  .requires_grad_(true);
        p.b = at::zeros({out, rank}, at::TensorOptions().dtype(at::kFloat).device(t.device())).requires_grad_(true);
        tensors.push_back(p.a);
        tensors.push_back(p.b);
        lora.push_back(std::move(p));
    }
    if (lora.empty()) throw Error(describe(where, "lora", "no attention projections found for LoRA"));
    scale = alpha / static_cast<double>(rank);
}

TrainableWeights::~TrainableWeights() {
    if (lora.empty())
        for (auto& t : tensors) t.requires_grad_(false);
}

void TrainableWeights::apply(Transformer& net, bool merge) const {
    if (lora.empty()) return;
    std::vector<std::pair<std::string, at::Tensor>> w;
    for (const auto& p : lora) {
        at::Tensor d = at::matmul(p.b, p.a) * scale; // [out, in]
        if (p.transposed) d = d.t();
        at::Tensor eff = p.base + d.to(p.base.scalar_type());
        w.emplace_back(p.name, merge ? eff.detach() : eff);
    }
    net.replaceParameters(w);
}

} // namespace auditgap::core
