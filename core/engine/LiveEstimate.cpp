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

namespace {

void checkCancel(const std::atomic<bool>* cancel) {
    if (cancel && cancel->load())
        throw Cancelled();
}

// Prompt and target ids of every request prompt.
void tokenize(const LanguageModel& lm, const LiveEstimateRequest& rq, std::vector<std::vector<int64_t>>& ids,
              std::vector<std::vector<int64_t>>& targets) {
    const size_t n = rq.prompts.size();
    ids.assign(n, {});
    targets.assign(n, {});
    for (size_t i = 0; i < n; ++i) {
        const auto& item = rq.prompts[i];
        ids[i] = item.ids.empty() ? lm.promptIds(item.prompt, 16) : item.ids;
        targets[i] = !item.targetIds.empty()
                         ? item.targetIds
                         : lm.tokenizer().encode(item.target.empty() ? rq.target : item.target, false);
        if (targets[i].empty())
            throw Error(describe("", "target", "tokenizes to nothing"));
    }
}

// ℓ2 and steering constants over the whole prompt set (as the audit computes them), per layer.
struct EstimateConstants {
    std::vector<double> meanNorm;     // ℓ2: mean ‖h‖ at the last harmful prompt token
    std::vector<at::Tensor> direction; // steering: unit(mean benign - mean harmful)
};
EstimateConstants estimateConstants(const Transformer& net, const LiveEstimateRequest& rq,
                                    const std::vector<std::vector<int64_t>>& ids) {
    std::vector<std::vector<int64_t>> harmful, benign;
    for (size_t i = 0; i < ids.size(); ++i)
        (rq.prompts[i].label == "benign" ? benign : harmful).push_back(ids[i]);
    if (rq.attack == AttackKind::Steer || rq.attack == AttackKind::RandomL2)
        throw Error(describe("", "attack", std::string(attackName(rq.attack)) +
                                               " has no live estimate (the workbench's tiers run pgd, l2, random and "
                                               "steer_refusal); run it as a full audit"));
    const bool needsGroups = rq.attack == AttackKind::L2 || rq.attack == AttackKind::SteerRefusal;
    if (needsGroups && harmful.empty())
        throw Error(describe("", "label", "the ℓ2 and steering attacks need harmful prompts"));
    if (rq.attack == AttackKind::SteerRefusal && benign.empty())
        throw Error(describe("", "label", "the steering attack needs prompts labelled \"benign\" and \"harmful\""));
    EstimateConstants k{std::vector<double>(rq.layers.size(), 0.0), std::vector<at::Tensor>(rq.layers.size())};
    for (size_t li = 0; li < rq.layers.size(); ++li) {
        rq.layers[li].requireIn(net.config().numLayers);
        if (!(rq.budgets[li] > 0.0))
            continue;
        const int layer = rq.layers[li].code();
        if (rq.attack == AttackKind::L2)
            k.meanNorm[li] = lastTokenActivations(net, harmful, layer).norm(2, 1).to(torch::kDouble).mean().item<double>();
        else if (rq.attack == AttackKind::SteerRefusal)
            k.direction[li] = steeringDirection(net, benign, harmful, layer);
    }
    return k;
}

// Clean activations of every hook point per prompt of the batch, from the cache when present
// (only the missing rows are inserted).
std::vector<std::vector<at::Tensor>> batchActivations(const Transformer& net, const AttackBatch& ab,
                                                      const PaddedInputs& in, ActivationCache* cache,
                                                      const std::string& cacheKey) {
    const size_t B = ab.prompts.size();
    std::vector<std::vector<at::Tensor>> acts(B);
    std::vector<at::Tensor> all;
    for (size_t b = 0; b < B; ++b) {
        const auto* hit = cache ? cache->find(cacheKey, ab.prompts[b], ab.targets[b]) : nullptr;
        if (hit) {
            acts[b] = *hit;
            continue;
        }
        if (all.empty())
            all = cleanActivations(net, in);
        const int64_t L = in.promptLengths[b] + in.targetLengths[b];
        for (const auto& h : all)
            acts[b].push_back(h[static_cast<int64_t>(b)].narrow(0, 0, L).clone());
        if (cache)
            cache->insert(cacheKey, ab.prompts[b], ab.targets[b], acts[b]);
    }
    return acts;
}

// The one-step attack of radius p at `layer` on the batch (rows start.. of the request).
Intervention oneStep(const Transformer& net, const AttackBatch& ab, const LiveEstimateRequest& rq, int layer,
                     double p, size_t li, size_t start, const EstimateConstants& k,
                     const std::atomic<bool>* cancel) {
    const int64_t B = static_cast<int64_t>(ab.prompts.size());
    switch (rq.attack) {
    case AttackKind::Pgd: {
        PgdOptions o;
        o.layer = layer;
        o.budget = p;
        o.steps = 1;
        o.stepFraction = 1.0;
        o.finalNll = false;
        o.cancel = cancel;
        return latentPgd(net, ab, o).intervention;
    }
    case AttackKind::Random: {
        std::vector<uint64_t> seeds;
        for (size_t i = start; i < start + static_cast<size_t>(B); ++i)
            seeds.push_back(rq.seed * 1000003ULL + i * 131ULL + static_cast<uint64_t>(layer + 8));
        return randomControl(net, ab, layer, p, seeds).intervention;
    }
    case AttackKind::L2: {
        L2Options o;
        o.layer = layer;
        o.budgets.assign(static_cast<size_t>(B), p * k.meanNorm[li]);
        o.steps = 1;
        o.stepFraction = 1.0;
        o.cancel = cancel;
        return l2Attack(net, ab, o).intervention;
    }
    case AttackKind::Steer:
    case AttackKind::RandomL2:
        throw Error(describe("", "attack", std::string(attackName(rq.attack)) + " has no live estimate"));
    case AttackKind::SteerRefusal: {
        LayerEdit e;
        e.layer = layer;
        e.kind = EditKind::Steer;
        e.direction = k.direction[li].unsqueeze(0).expand({B, -1}) * p; // [B, H]
        e.frac = 1.0;
        Intervention iv;
        iv.edits.push_back(e);
        return iv;
    }
    }
    return {};
}

// Refusal log-odds under `iv`, from the clean activation at `layer`: only the blocks after it run.
std::vector<double> scoreFromLayer(const Transformer& net, const LogitRefusal& judge, const AttackBatch& ab,
                                   const PaddedInputs& in, const std::vector<std::vector<at::Tensor>>& acts,
                                   int layer, const Intervention& iv) {
    std::vector<at::Tensor> promptPart;
    int64_t Tp = 0;
    for (size_t b = 0; b < acts.size(); ++b)
        Tp = std::max<int64_t>(Tp, in.promptLengths[b]);
    for (size_t b = 0; b < acts.size(); ++b)
        promptPart.push_back(acts[b][size_t(layer + 2)].narrow(0, 0, in.promptLengths[b]));
    const at::Tensor startHidden = stackRightPadded(promptPart, Tp).to(net.device());
    return judge.scores(net, ab.prompts, &iv, startHidden, layer);
}

} // namespace

LiveEstimate estimateRefusal(const LanguageModel& lm, const LiveEstimateRequest& rq,
                             const std::atomic<bool>* cancel, ActivationCache* cache,
                             const std::string& cacheKey, const EstimateSink& onPartial) {
    if (rq.layers.size() != rq.budgets.size())
        throw Error(describe("", "budgets", "one budget per layer expected"));
    const Transformer& net = lm.net();
    const LogitRefusal judge = LogitRefusal::builtIn(lm);
    std::vector<std::vector<int64_t>> ids, targets;
    tokenize(lm, rq, ids, targets);
    const size_t n = ids.size();
    LiveEstimate out;
    out.rows.assign(rq.layers.size(), {});
    const EstimateConstants k = estimateConstants(net, rq, ids);
    // The batches, each with its padded inputs and clean activations (computed once).
    struct Part {
        size_t start = 0;
        AttackBatch ab;
        PaddedInputs in;
        std::vector<std::vector<at::Tensor>> acts;
    };
    std::vector<Part> parts;
    const size_t batch = static_cast<size_t>(std::max(1, rq.batchSize));
    for (size_t start = 0; start < n; start += batch) {
        checkCancel(cancel);
        const size_t end = std::min(n, start + batch);
        Part part;
        part.start = start;
        part.ab.prompts.assign(ids.begin() + static_cast<std::ptrdiff_t>(start), ids.begin() + static_cast<std::ptrdiff_t>(end));
        part.ab.targets.assign(targets.begin() + static_cast<std::ptrdiff_t>(start),
                               targets.begin() + static_cast<std::ptrdiff_t>(end));
        if (rq.clean) {
            const auto p = probabilities(judge.scores(net, part.ab.prompts, nullptr));
            out.clean.insert(out.clean.end(), p.begin(), p.end());
        }
        part.in = paddedInputs(net, part.ab);
        part.acts = batchActivations(net, part.ab, part.in, cache, cacheKey);
        parts.push_back(std::move(part));
    }
    // The clean row first, then each hook point's row as it completes.
    if (onPartial && rq.clean) onPartial(out);
    for (size_t li = 0; li < rq.layers.size(); ++li) {
        const int layer = rq.layers[li].code();
        const double p = rq.budgets[li];
        std::vector<double> row(n, 0.0);
        for (Part& part : parts) {
            checkCancel(cancel);
            std::vector<double> logOdds;
            if (!(p > 0.0)) {
                logOdds = judge.scores(net, part.ab.prompts, nullptr);
            } else {
                std::vector<at::Tensor> per;
                for (const auto& a : part.acts) per.push_back(a[size_t(layer + 2)]);
                part.ab.cleanActivation = stackRightPadded(per, part.in.ids.size(1));
                logOdds = scoreFromLayer(net, judge, part.ab, part.in, part.acts, layer,
                                         oneStep(net, part.ab, rq, layer, p, li, part.start, k, cancel));
            }
            for (size_t b = 0; b < logOdds.size(); ++b) row[part.start + b] = sigmoid(logOdds[b]);
        }
        out.rows[li] = std::move(row);
        if (onPartial && li + 1 < rq.layers.size()) onPartial(out);
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
