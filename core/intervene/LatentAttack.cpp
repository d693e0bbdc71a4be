#include "intervene/LatentAttack.h"

#include <algorithm>
#include <cmath>

#include <torch/torch.h>

#include "Error.h"
#include "intervene/Steering.h"
#include "model/PaddedBatch.h"
#include "model/Transformer.h"
#include "platform/Preemption.h"

namespace auditgap::core {

namespace {

// A step boundary: background work (the LVS grid) yields to interactive work here.
void checkCancel(const std::atomic<bool>* cancel) {
    yieldToInteractive(cancel);
    if (cancel && cancel->load()) throw Cancelled();
}

void checkBatch(const AttackBatch& batch) {
    if (batch.prompts.size() != batch.targets.size())
        throw Error("attack: every prompt needs a target (" + std::to_string(batch.prompts.size()) + " prompts, " +
                    std::to_string(batch.targets.size()) + " targets)");
    for (size_t b = 0; b < batch.prompts.size(); ++b) {
        if (batch.prompts[b].empty()) throw Error("attack: prompt " + std::to_string(b) + " is empty");
        if (batch.targets[b].empty()) throw Error("attack: the target of prompt " + std::to_string(b) + " is empty");
    }
}

// Where the loss reads the logits: for target token j of row b, position Tp_b + j - 1.
struct LossLayout {
    at::Tensor positions; // [B, K] int64
    at::Tensor targets;   // [B, K] int64
    at::Tensor weights;   // [B, K] float: 1/Tt_b on real target tokens, 0 on padding
};

LossLayout lossLayout(const PaddedInputs& in, const AttackBatch& batch) {
    const int64_t B = static_cast<int64_t>(batch.prompts.size());
    int64_t K = 0;
    for (int64_t n : in.targetLengths) K = std::max(K, n);
    LossLayout l;
    l.positions = torch::zeros({B, K}, torch::kLong);
    l.targets = torch::zeros({B, K}, torch::kLong);
    l.weights = torch::zeros({B, K}, torch::kFloat);
    auto pos = l.positions.accessor<int64_t, 2>();
    auto tgt = l.targets.accessor<int64_t, 2>();
    auto wts = l.weights.accessor<float, 2>();
    for (int64_t b = 0; b < B; ++b) {
        const auto& t = batch.targets[static_cast<size_t>(b)];
        const int64_t tp = in.promptLengths[static_cast<size_t>(b)];
        for (int64_t j = 0; j < static_cast<int64_t>(t.size()); ++j) {
            pos[b][j] = tp + j - 1;
            tgt[b][j] = t[static_cast<size_t>(j)];
            wts[b][j] = 1.0f / static_cast<float>(t.size());
        }
    }
    return l;
}

// Mean target NLL per row [B] (float) from a forward that starts at `start` (or the ids).
// `fullLogits`: compute the head at every position and pick the target positions afterwards,
// as the paper's code does (the naive path); otherwise only at the target positions.
at::Tensor rowNll(const Transformer& model, const PaddedInputs& in, const LossLayout& loss,
                  const Intervention* intervention, const at::Tensor& start, int startLayer, bool fullLogits = false) {
    ForwardOptions fo;
    fo.intervention = intervention;
    if (!fullLogits) fo.logitPositions = loss.positions;
    if (start.defined()) {
        fo.startHidden = start;
        fo.startLayer = startLayer;
    }
    auto out = model.forward({in.ids, in.mask, {}}, fo);
    at::Tensor logits = out.logits;
    if (fullLogits) { // [B, T, V] -> [B, K, V]
        const at::Tensor p = loss.positions.to(logits.device());
        logits = logits.gather(1, p.unsqueeze(-1).expand({p.size(0), p.size(1), logits.size(2)}));
    }
    at::Tensor lp = at::log_softmax(logits.to(at::kFloat), -1); // [B, K, V]
    const auto dev = lp.device();
    at::Tensor picked = lp.gather(2, loss.targets.to(dev).unsqueeze(-1)).squeeze(-1); // [B, K]
    return -(picked * loss.weights.to(dev)).sum(1);
}

std::vector<double> toDoubles(const at::Tensor& t) {
    at::Tensor c = t.detach().to(torch::kCPU, torch::kDouble).contiguous();
    return {c.data_ptr<double>(), c.data_ptr<double>() + c.numel()};
}

// [B, Tmax, 1] float: 1 on each row's prompt positions.
at::Tensor promptMask(const PaddedInputs& in, int64_t T) {
    const int64_t B = static_cast<int64_t>(in.promptLengths.size());
    at::Tensor lengths = torch::tensor(in.promptLengths, torch::kLong).unsqueeze(1);
    return (torch::arange(T, torch::kLong).unsqueeze(0) < lengths).to(torch::kFloat).view({B, T, 1});
}

// eps_b = p_b * max |h[b, :Tp_b, :]| in double, as the paper's Python computes it.
std::vector<double> linfRadius(const at::Tensor& clean, const at::Tensor& mask, const std::vector<double>& budgets) {
    at::Tensor a = (clean.detach().to(torch::kCPU, torch::kFloat).abs() * mask).amax({1, 2}); // [B]
    std::vector<double> eps;
    for (double absmax : toDoubles(a)) eps.push_back(absmax * budgets[eps.size() < budgets.size() ? eps.size() : 0]);
    return eps;
}

at::Tensor column(const std::vector<double>& v, bool asFloat) { // [B, 1, 1]
    std::vector<float> f(v.begin(), v.end());
    at::Tensor t = torch::tensor(f, torch::kFloat).view({-1, 1, 1});
    return asFloat ? t : t.to(torch::kDouble);
}

at::Tensor activationFor(const Transformer& model, const AttackBatch& batch, const PaddedInputs& in, int layer) {
    if (batch.cleanActivation.defined()) return batch.cleanActivation.detach();
    return activationAt(cleanActivations(model, in), layer);
}

void fillRows(AttackResult& r, const at::Tensor& delta, const PaddedInputs& in, const std::vector<double>& eps,
              const std::vector<double>& alpha, std::vector<std::vector<double>> traces) {
    for (size_t b = 0; b < in.promptLengths.size(); ++b) {
        AttackRow row;
        row.eps = eps[b];
        row.alpha = alpha[b];
        row.nllTrace = std::move(traces[b]);
        row.delta = delta[static_cast<int64_t>(b)].narrow(0, 0, in.promptLengths[b]).clone();
        row.deltaL2 = static_cast<double>(row.delta.norm().item<float>());
        r.rows.push_back(std::move(row));
    }
}

} // namespace

PaddedInputs paddedInputs(const Transformer& model, const AttackBatch& batch) {
    checkBatch(batch);
    PaddedInputs in;
    std::vector<std::vector<int64_t>> rows;
    for (size_t b = 0; b < batch.prompts.size(); ++b) {
        in.promptLengths.push_back(static_cast<int64_t>(batch.prompts[b].size()));
        in.targetLengths.push_back(static_cast<int64_t>(batch.targets[b].size()));
        rows.push_back(batch.prompts[b]);
        rows.back().insert(rows.back().end(), batch.targets[b].begin(), batch.targets[b].end());
    }
    const PaddedBatch p = padRight(rows, model.config().padTokenId.value_or(0));
    in.ids = p.ids;
    in.mask = p.mask;
    return in;
}

std::vector<at::Tensor> cleanActivations(const Transformer& model, const PaddedInputs& in) {
    torch::NoGradGuard noGrad;
    ForwardOptions fo;
    fo.collectHidden = true;
    fo.computeHead = false;
    auto out = model.forward({in.ids, in.mask, {}}, fo);
    std::vector<at::Tensor> all;
    all.push_back(model.embedTokens(in.ids));
    for (auto& h : out.hidden) all.push_back(h);
    return all;
}

at::Tensor activationAt(const std::vector<at::Tensor>& all, int layer) {
    const auto i = static_cast<size_t>(layer + 2);
    if (layer < kHookEmbedTokens || i >= all.size()) throw Error("no activation cached for layer " + std::to_string(layer));
    return all[i];
}

AttackResult latentPgd(const Transformer& model, const AttackBatch& batch, const PgdOptions& o) {
    const PaddedInputs in = paddedInputs(model, batch);
    const LossLayout loss = lossLayout(in, batch);
    const at::Tensor clean = activationFor(model, batch, in, o.layer); // [B, T, H]
    const int64_t B = clean.size(0), T = clean.size(1), H = clean.size(2);
    const at::Tensor mask = promptMask(in, T);
    if (!o.rowBudgets.empty() && static_cast<int64_t>(o.rowBudgets.size()) != B)
        throw Error("pgd: one budget per row is required");
    const std::vector<double> eps = linfRadius(clean, mask, o.rowBudgets.empty() ? std::vector<double>{o.budget} : o.rowBudgets);
    std::vector<double> alpha;
    for (double e : eps) alpha.push_back(e * o.stepFraction);
    const at::Tensor epsF = column(eps, true), alphaF = column(alpha, true);

    torch::AutoGradMode grad(true);
    std::vector<std::vector<double>> traces(static_cast<size_t>(B));
    at::Tensor delta = torch::zeros({B, T, H}, torch::kFloat); // δ_k, [B, T, H]
    for (int k = 0; k <= o.steps; ++k) {
        checkCancel(o.cancel);
        if (k == o.steps && !o.finalNll) break;
        at::Tensor leaf = delta.detach().requires_grad_(k < o.steps);
        Intervention iv;
        iv.edits.push_back(addEdit(o.layer, leaf * mask));
        at::Tensor nll = o.fromCachedActivation ? rowNll(model, in, loss, &iv, clean, o.layer)
                                                : rowNll(model, in, loss, &iv, {}, kHookEmbedding, true); // [B]
        const auto values = toDoubles(nll);
        for (int64_t b = 0; b < B; ++b) traces[static_cast<size_t>(b)].push_back(values[static_cast<size_t>(b)]);
        if (k == o.steps) break;
        at::Tensor g = torch::autograd::grad({nll.sum()}, {leaf})[0].to(torch::kCPU);
        delta = at::min(at::max(leaf.detach() - alphaF * g.sign(), -epsF), epsF);
        if (o.onStep) o.onStep(k + 1, delta);
    }
    AttackResult r;
    fillRows(r, delta, in, eps, alpha, std::move(traces));
    r.intervention.edits.push_back(addEdit(o.layer, delta * mask));
    return r;
}

AttackResult randomControl(const Transformer& model, const AttackBatch& batch, int layer, double budget,
                           const std::vector<uint64_t>& rowSeeds) {
    const PaddedInputs in = paddedInputs(model, batch);
    const at::Tensor clean = activationFor(model, batch, in, layer);
    const int64_t B = clean.size(0), T = clean.size(1), H = clean.size(2);
    if (static_cast<int64_t>(rowSeeds.size()) != B) throw Error("random control: one seed per row is required");
    const at::Tensor mask = promptMask(in, T);
    const std::vector<double> eps = linfRadius(clean, mask, {budget});
    at::Tensor delta = torch::zeros({B, T, H}, torch::kFloat);
    for (int64_t b = 0; b < B; ++b) {
        auto gen = at::make_generator<at::CPUGeneratorImpl>(rowSeeds[static_cast<size_t>(b)]);
        const auto tp = in.promptLengths[static_cast<size_t>(b)];
        const auto e = static_cast<float>(eps[static_cast<size_t>(b)]);
        delta[b].narrow(0, 0, tp).copy_(at::empty({tp, H}, torch::kFloat).uniform_(-e, e, gen));
    }
    AttackResult r;
    Intervention iv;
    iv.edits.push_back(addEdit(layer, delta));
    const auto nll = targetNll(model, batch, &iv);
    std::vector<std::vector<double>> traces;
    for (double v : nll) traces.push_back({v});
    fillRows(r, delta, in, eps, std::vector<double>(eps.size(), 0.0), std::move(traces));
    r.intervention = std::move(iv);
    return r;
}

AttackResult l2Attack(const Transformer& model, const AttackBatch& batch, const L2Options& o) {
    const PaddedInputs in = paddedInputs(model, batch);
    const LossLayout loss = lossLayout(in, batch);
    const at::Tensor clean = activationFor(model, batch, in, o.layer);
    const int64_t B = clean.size(0), H = clean.size(2);
    if (static_cast<int64_t>(o.budgets.size()) != B) throw Error("l2 attack: one budget per row is required");
    const at::Tensor budget = torch::tensor(std::vector<float>(o.budgets.begin(), o.budgets.end())).view({B, 1});

    torch::AutoGradMode grad(true);
    std::vector<std::vector<double>> traces(static_cast<size_t>(B));
    at::Tensor delta = torch::zeros({B, H}, torch::kFloat); // [B, H]
    for (int k = 0; k <= o.steps; ++k) {
        checkCancel(o.cancel);
        at::Tensor leaf = delta.detach().requires_grad_(k < o.steps);
        Intervention iv;
        iv.edits.push_back(addEdit(o.layer, leaf.unsqueeze(1), Phase::AllSteps));
        at::Tensor nll = rowNll(model, in, loss, &iv, clean, o.layer);
        const auto values = toDoubles(nll);
        for (int64_t b = 0; b < B; ++b) traces[static_cast<size_t>(b)].push_back(values[static_cast<size_t>(b)]);
        if (k == o.steps) break;
        at::Tensor g = torch::autograd::grad({nll.sum()}, {leaf})[0].to(torch::kCPU);
        at::Tensor step = g / g.norm(2, 1, true).clamp_min(1e-12);
        at::Tensor next = leaf.detach() - o.stepFraction * budget * step;
        delta = next * (budget / next.norm(2, 1, true).clamp_min(1e-12)); // onto the sphere
    }
    AttackResult r;
    for (int64_t b = 0; b < B; ++b) {
        AttackRow row;
        row.eps = o.budgets[static_cast<size_t>(b)];
        row.alpha = o.stepFraction * row.eps;
        row.nllTrace = std::move(traces[static_cast<size_t>(b)]);
        row.delta = delta[b].clone();
        row.deltaL2 = static_cast<double>(row.delta.norm().item<float>());
        r.rows.push_back(std::move(row));
    }
    r.intervention.edits.push_back(addEdit(o.layer, delta.unsqueeze(1), Phase::AllSteps));
    return r;
}

AttackResult fixedVectors(const Transformer& model, const AttackBatch& batch, int layer, const at::Tensor& vectors,
                          const std::vector<double>& eps) {
    const at::Tensor v = vectors.to(torch::kCPU, torch::kFloat).contiguous();
    if (v.dim() != 2 || v.size(0) != static_cast<int64_t>(batch.prompts.size()) ||
        static_cast<int64_t>(eps.size()) != v.size(0))
        throw Error("fixed vectors: one [H] vector and one eps per row are required");
    AttackResult r;
    r.intervention.edits.push_back(addEdit(layer, v.unsqueeze(1), Phase::AllSteps));
    const auto nll = targetNll(model, batch, &r.intervention);
    for (int64_t b = 0; b < v.size(0); ++b) {
        AttackRow row;
        row.eps = eps[static_cast<size_t>(b)];
        row.nllTrace = {nll[static_cast<size_t>(b)]};
        row.delta = v[b].clone();
        row.deltaL2 = static_cast<double>(row.delta.norm().item<float>());
        r.rows.push_back(std::move(row));
    }
    return r;
}

at::Tensor randomSphere(int64_t hidden, const std::vector<double>& radius, const std::vector<uint64_t>& rowSeeds) {
    const auto B = static_cast<int64_t>(rowSeeds.size());
    at::Tensor out = torch::zeros({B, hidden}, torch::kFloat);
    for (int64_t b = 0; b < B; ++b) {
        auto gen = at::make_generator<at::CPUGeneratorImpl>(rowSeeds[static_cast<size_t>(b)]);
        at::Tensor g = at::empty({hidden}, torch::kFloat).normal_(0.0, 1.0, gen);
        out[b].copy_(g * static_cast<float>(radius.at(static_cast<size_t>(b)) / g.norm().clamp_min(1e-12).item<double>()));
    }
    return out;
}

std::vector<double> targetNll(const Transformer& model, const AttackBatch& batch, const Intervention* intervention) {
    torch::NoGradGuard noGrad;
    const PaddedInputs in = paddedInputs(model, batch);
    return toDoubles(rowNll(model, in, lossLayout(in, batch), intervention, {}, kHookEmbedding));
}

double l2Budget(const Transformer& model, const std::vector<std::vector<int64_t>>& prompts, int layer,
                double fraction) {
    return fraction * lastTokenActivations(model, prompts, layer).norm(2, 1).to(torch::kDouble).mean().item<double>();
}

} // namespace auditgap::core
