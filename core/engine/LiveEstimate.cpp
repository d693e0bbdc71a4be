#include "engine/LiveEstimate.h"

#include <algorithm>
#include <cmath>

#include <torch/torch.h>

#include "Error.h"
#include "engine/ActivationCache.h"
#include "intervene/LatentAttack.h"
#include "intervene/Steering.h"
#include "metrics/LogitRefusal.h"
#include "model/LanguageModel.h"
#include "model/PaddedBatch.h"
#include "model/Tokenizer.h"

namespace auditgap::core {

namespace {

double sigmoid(double x) {
    return 1.0 / (1.0 + std::exp(-x));
}

std::vector<double> probabilities(const std::vector<double>& logOdds) {
    std::vector<double> p;
    p.reserve(logOdds.size());
    for (double s : logOdds)
        p.push_back(sigmoid(s));
    return p;
}

} // namespace

LiveEstimate estimateRefusal(const LanguageModel& lm, const LiveEstimateRequest& rq,
                             const std::atomic<bool>* cancel, ActivationCache* cache,
                             const std::string& cacheKey) {
    if (rq.layers.size() != rq.budgets.size())
        throw Error(describe("", "budgets", "one budget per layer expected"));
    auto check = [&] {
        if (cancel && cancel->load())
            throw Cancelled();
    };
    const Transformer& net = lm.net();
    const LogitRefusal judge = LogitRefusal::builtIn(lm);
    const size_t n = rq.prompts.size();
    std::vector<std::vector<int64_t>> ids(n), targets(n);
    for (size_t i = 0; i < n; ++i) {
        const auto& item = rq.prompts[i];
        ids[i] = item.ids.empty() ? lm.promptIds(item.prompt, 16) : item.ids;
        targets[i] = !item.targetIds.empty()
                         ? item.targetIds
                         : lm.tokenizer().encode(item.target.empty() ? rq.target : item.target, false);
        if (targets[i].empty())
            throw Error(describe("", "target", "tokenizes to nothing"));
    }
    LiveEstimate out;
    out.rows.assign(rq.layers.size(), std::vector<double>(n, 0.0));

    // ℓ2 and steering constants over the whole prompt set (as the audit computes them).
    std::vector<std::vector<int64_t>> harmful, benign;
    for (size_t i = 0; i < n; ++i)
        (rq.prompts[i].label == "benign" ? benign : harmful).push_back(ids[i]);
    const bool needsGroups = rq.attack == AttackKind::L2 || rq.attack == AttackKind::Steer;
    if (needsGroups && harmful.empty())
        throw Error(describe("", "label", "the ℓ2 and steering attacks need harmful prompts"));
    if (rq.attack == AttackKind::Steer && benign.empty())
        throw Error(describe("", "label", "the steering attack needs prompts labelled \"benign\" and \"harmful\""));
    std::vector<int> layers;
    std::vector<double> meanNorm(rq.layers.size(), 0.0); // ℓ2: mean ‖h‖ at the last harmful prompt token
    std::vector<at::Tensor> direction(rq.layers.size());  // steering: unit(mean benign - mean harmful)
    for (size_t li = 0; li < rq.layers.size(); ++li) {
        layers.push_back(parseLayer(rq.layers[li], net.config().numLayers));
        if (!(rq.budgets[li] > 0.0))
            continue;
        if (rq.attack == AttackKind::L2)
            meanNorm[li] = lastTokenActivations(net, harmful, layers[li]).norm(2, 1).to(torch::kDouble).mean().item<double>();
        else if (rq.attack == AttackKind::Steer)
            direction[li] = steeringDirection(net, benign, harmful, layers[li]);
    }

    const size_t batch = static_cast<size_t>(std::max(1, rq.batchSize));
    for (size_t start = 0; start < n; start += batch) {
        check();
        const size_t end = std::min(n, start + batch);
        AttackBatch ab;
        for (size_t i = start; i < end; ++i) {
            ab.prompts.push_back(ids[i]);
            ab.targets.push_back(targets[i]);
        }
        const int64_t B = static_cast<int64_t>(end - start);
        if (rq.clean) {
            const auto p = probabilities(judge.scores(net, ab.prompts, nullptr));
            out.clean.insert(out.clean.end(), p.begin(), p.end());
        }
        const PaddedInputs in = paddedInputs(net, ab);
        const int64_t T = in.ids.size(1);
        // Clean activations of every hook point per prompt, from the cache when present.
        std::vector<std::vector<at::Tensor>> acts(static_cast<size_t>(B));
        std::vector<at::Tensor> all;
        for (int64_t b = 0; b < B; ++b) {
            const auto* hit = cache ? cache->find(cacheKey, ab.prompts[size_t(b)], ab.targets[size_t(b)]) : nullptr;
            if (hit) {
                acts[size_t(b)] = *hit;
                continue;
            }
            if (all.empty())
                all = cleanActivations(net, in);
            const int64_t L = in.promptLengths[size_t(b)] + in.targetLengths[size_t(b)];
            for (const auto& h : all)
                acts[size_t(b)].push_back(h[b].narrow(0, 0, L).clone());
            if (cache)
                cache->insert(cacheKey, ab.prompts[size_t(b)], ab.targets[size_t(b)], acts[size_t(b)]);
        }
        for (size_t li = 0; li < rq.layers.size(); ++li) {
            check();
            const int layer = layers[li];
            const double p = rq.budgets[li];
            std::vector<double> logOdds;
            if (!(p > 0.0)) {
                logOdds = judge.scores(net, ab.prompts, nullptr);
            } else {
                std::vector<at::Tensor> per;
                for (int64_t b = 0; b < B; ++b)
                    per.push_back(acts[size_t(b)][size_t(layer + 2)]);
                ab.cleanActivation = stackRightPadded(per, T);
                AttackResult r;
                switch (rq.attack) {
                case AttackKind::Pgd: {
                    PgdOptions o;
                    o.layer = layer;
                    o.budget = p;
                    o.steps = 1;
                    o.stepFraction = 1.0;
                    o.finalNll = false;
                    o.cancel = cancel;
                    r = latentPgd(net, ab, o);
                    break;
                }
                case AttackKind::Random: {
                    std::vector<uint64_t> seeds;
                    for (size_t i = start; i < end; ++i)
                        seeds.push_back(rq.seed * 1000003ULL + i * 131ULL + static_cast<uint64_t>(layer + 8));
                    r = randomControl(net, ab, layer, p, seeds);
                    break;
                }
                case AttackKind::L2: {
                    L2Options o;
                    o.layer = layer;
                    o.budgets.assign(static_cast<size_t>(B), p * meanNorm[li]);
                    o.steps = 1;
                    o.stepFraction = 1.0;
                    o.cancel = cancel;
                    r = l2Attack(net, ab, o);
                    break;
                }
                case AttackKind::Steer: {
                    const at::Tensor& d = direction[li];
                    LayerEdit e;
                    e.layer = layer;
                    e.kind = EditKind::Steer;
                    e.direction = d.unsqueeze(0).expand({B, -1}) * p; // [B, H]
                    e.frac = 1.0;
                    r.intervention.edits.push_back(e);
                    break;
                }
                }
                // Score from the clean activation at the layer: only the blocks after it run.
                std::vector<at::Tensor> promptPart;
                int64_t Tp = 0;
                for (int64_t b = 0; b < B; ++b)
                    Tp = std::max<int64_t>(Tp, in.promptLengths[size_t(b)]);
                for (int64_t b = 0; b < B; ++b)
                    promptPart.push_back(acts[size_t(b)][size_t(layer + 2)].narrow(0, 0, in.promptLengths[size_t(b)]));
                const at::Tensor startHidden = stackRightPadded(promptPart, Tp).to(net.device());
                logOdds = judge.scores(net, ab.prompts, &r.intervention, startHidden, layer);
            }
            for (int64_t b = 0; b < B; ++b)
                out.rows[li][start + size_t(b)] = sigmoid(logOdds[size_t(b)]);
        }
    }
    return out;
}

std::vector<double> RefusalGradients::linearEstimate(int hook, double budget) const {
    std::vector<double> p(clean.size());
    for (size_t i = 0; i < clean.size(); ++i)
        p[i] = sigmoid(clean[i] - budget * maxAbs[size_t(hook)][i] * l1[size_t(hook)][i]);
    return p;
}

RefusalGradients refusalGradients(const LanguageModel& lm, const std::vector<PromptItem>& prompts,
                                  const std::atomic<bool>* cancel, int batchSize) {
    const Transformer& net = lm.net();
    const LogitRefusal judge = LogitRefusal::builtIn(lm);
    const int64_t N = net.config().numLayers;
    RefusalGradients out;
    out.l1.assign(size_t(N + 1), {});
    out.maxAbs.assign(size_t(N + 1), {});
    const size_t n = prompts.size(), batch = static_cast<size_t>(std::max(1, batchSize));
    for (size_t start = 0; start < n; start += batch) {
        if (cancel && cancel->load())
            throw Cancelled();
        std::vector<std::vector<int64_t>> ids;
        for (size_t i = start; i < std::min(n, start + batch); ++i)
            ids.push_back(prompts[i].ids.empty() ? lm.promptIds(prompts[i].prompt, 16) : prompts[i].ids);
        const PaddedBatch pb = padRight(ids, net.config().padTokenId.value_or(0));
        const int64_t B = pb.ids.size(0), T = pb.ids.size(1), H = net.config().hiddenSize;
        torch::AutoGradMode grad(true);
        // A zero δ at every hook point: ∂s/∂δ_l = ∂s/∂h_l.
        Intervention iv;
        std::vector<at::Tensor> leaves;
        for (int64_t l = -1; l < N; ++l) {
            leaves.push_back(torch::zeros({B, T, H}, torch::TensorOptions().dtype(net.dtype()).device(net.device()))
                                 .requires_grad_(true));
            iv.edits.push_back(addEdit(l < 0 ? kHookEmbedTokens : static_cast<int>(l), leaves.back()));
        }
        ForwardOptions fo;
        fo.intervention = &iv;
        fo.collectHidden = true;
        fo.logitPositions = pb.lastIndex().to(net.device());
        auto fwd = net.forward({pb.ids.to(net.device()), pb.mask.to(net.device()), {}}, fo);
        const at::Tensor s = judge.logOdds(fwd.logits); // [B]
        const auto grads = torch::autograd::grad({s.sum()}, leaves);
        const at::Tensor valid = pb.mask.to(torch::kCPU).to(torch::kBool).unsqueeze(-1); // [B, T, 1]
        const at::Tensor sc = s.detach().to(torch::kCPU, torch::kDouble).contiguous();
        for (int64_t b = 0; b < B; ++b)
            out.clean.push_back(sc[b].item<double>());
        for (int64_t l = -1; l < N; ++l) {
            const size_t h = size_t(l + 1);
            const at::Tensor g = grads[h].detach().to(torch::kCPU, torch::kDouble).masked_fill(~valid, 0.0);
            const at::Tensor act = (l < 0 ? net.embedTokens(pb.ids.to(net.device())) : fwd.hidden[size_t(l + 1)])
                                       .detach()
                                       .to(torch::kCPU, torch::kDouble)
                                       .abs()
                                       .masked_fill(~valid, 0.0);
            const at::Tensor l1 = g.abs().sum({1, 2}).contiguous();
            const at::Tensor mx = act.amax({1, 2}).contiguous();
            for (int64_t b = 0; b < B; ++b) {
                out.l1[h].push_back(l1[b].item<double>());
                out.maxAbs[h].push_back(mx[b].item<double>());
            }
        }
    }
    return out;
}

} // namespace auditgap::core
