#include "intervene/Training.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>
#include <random>

#include <torch/torch.h>

#include "Error.h"
#include "intervene/Lora.h"
#include "metrics/GreedyBehavior.h"
#include "metrics/JudgeModel.h"
#include "metrics/PrefixJudge.h"
#include "model/Intervention.h"
#include "model/PaddedBatch.h"
#include "model/Tokenizer.h"
#include "model/Transformer.h"

namespace auditgap::core {

namespace {

struct Batch {
    at::Tensor ids;        // [B, T] int64
    at::Tensor mask;       // [B, T] int64, 1 = token
    at::Tensor answer;     // [B, T] float, 1 where the token is an answer token
    at::Tensor promptMask; // [B, T] bool, the prompt positions
    at::Tensor lastPrompt; // [B] int64, index of the last prompt token
};

Batch makeBatch(const std::vector<const TokenizedExample*>& rows, int64_t pad) {
    std::vector<std::vector<int64_t>> ids;
    for (const auto* r : rows) ids.push_back(r->ids);
    PaddedBatch p = padRight(ids, pad);
    const int64_t B = p.ids.size(0), T = p.ids.size(1);
    Batch b;
    b.ids = p.ids;
    b.mask = p.mask;
    b.answer = torch::zeros({B, T});
    b.promptMask = torch::zeros({B, T}, torch::kBool);
    b.lastPrompt = torch::zeros({B}, torch::kLong);
    for (int64_t i = 0; i < B; ++i) {
        const auto& r = *rows[static_cast<size_t>(i)];
        const auto n = static_cast<int64_t>(r.ids.size());
        b.answer[i].narrow(0, r.promptLength, n - r.promptLength).fill_(1.0);
        b.promptMask[i].narrow(0, 0, r.promptLength).fill_(true);
        b.lastPrompt[i] = r.promptLength - 1;
    }
    return b;
}

// NLL of ids[:, 1:] under logits[:, :-1]. [B, T-1]
at::Tensor tokenNll(const at::Tensor& logits, const at::Tensor& ids) {
    const int64_t B = logits.size(0), T = logits.size(1);
    at::Tensor lp = logits.narrow(1, 0, T - 1).to(at::kFloat).log_softmax(-1); // [B, T-1, V]
    return -lp.gather(2, ids.narrow(1, 1, T - 1).to(lp.device()).unsqueeze(2)).squeeze(2).reshape({B, T - 1});
}

// Mean of `nll` [B, T-1] per row over the target positions weighted by w [B, T] (weights of
// the predicted tokens, i.e. positions 1..T-1). [B]
at::Tensor rowMean(const at::Tensor& nll, const at::Tensor& w) {
    at::Tensor ww = w.narrow(1, 1, w.size(1) - 1).to(nll.device());
    return (nll * ww).sum(1) / ww.sum(1).clamp_min(1.0);
}

// The answer mask [B, T] narrowed to each row's first kOpeningTokens answer tokens.
at::Tensor openingOf(const at::Tensor& answer) { return answer * (answer.cumsum(1) <= kOpeningTokens).to(at::kFloat); }

double lrAt(const TrainSchedule& s, int step) {
    const int warm = std::max(1, static_cast<int>(s.warmupFraction * s.steps));
    if (step < warm) return s.learningRate * (step + 1) / warm;
    const double progress = static_cast<double>(step - warm) / std::max(1, s.steps - warm);
    return s.learningRate * (s.finalLrFraction + (1.0 - s.finalLrFraction) * 0.5 * (1.0 + std::cos(M_PI * progress)));
}

// Block index of a Hugging Face parameter name ("model.layers.3.mlp..." -> 3), -1 otherwise.
int blockOf(const std::string& name) {
    for (const char* marker : {".layers.", ".h."}) {
        const auto at = name.find(marker);
        if (at != std::string::npos) return std::atoi(name.c_str() + at + std::strlen(marker));
    }
    return -1;
}

// Trainable parameters of a network (requires_grad on), released at scope exit. With
// `firstBlock` > 0 only blocks >= firstBlock and what follows them (final norm) train; the
// embedding (tied to the head) and the earlier blocks stay frozen.
class Trainable {
public:
    explicit Trainable(Transformer& net, int firstBlock = 0) {
        for (auto& [name, t] : net.namedParameters()) {
            if (!t.is_floating_point()) continue;
            if (firstBlock > 0) {
                const int b = blockOf(name);
                const bool finalNorm = b < 0 && name.find("norm") != std::string::npos;
                if (b < firstBlock && !finalNorm) continue;
            }
            t.requires_grad_(true);
            m_params.push_back(t);
        }
    }
    ~Trainable() {
        for (auto& t : m_params) t.requires_grad_(false);
    }
    Trainable(const Trainable&) = delete;
    Trainable& operator=(const Trainable&) = delete;
    std::vector<at::Tensor>& params() { return m_params; }

private:
    std::vector<at::Tensor> m_params;
};

class Optimizer {
public:
    Optimizer(std::vector<at::Tensor>& params, const TrainSchedule& s)
        : m_s(s), m_opt(params, torch::optim::AdamWOptions(s.learningRate).weight_decay(s.weightDecay)) {}
    void step(const at::Tensor& loss, int stepIndex) {
        for (auto& g : m_opt.param_groups())
            static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lrAt(m_s, stepIndex));
        m_opt.zero_grad();
        loss.backward();
        m_opt.step();
    }
    std::string save() {
        std::ostringstream out;
        torch::save(m_opt, out);
        return out.str();
    }
    void load(const std::string& state) {
        std::istringstream in(state);
        torch::load(m_opt, in);
    }

private:
    TrainSchedule m_s;
    torch::optim::AdamW m_opt;
};

// Shuffled epochs over [0, n).
class Sampler {
public:
    Sampler(size_t n, uint64_t seed) : m_order(n), m_rng(seed) {
        std::iota(m_order.begin(), m_order.end(), 0);
        std::shuffle(m_order.begin(), m_order.end(), m_rng);
    }
    std::vector<size_t> next(int count) {
        std::vector<size_t> out;
        for (int i = 0; i < count; ++i) {
            if (m_cursor == m_order.size()) {
                std::shuffle(m_order.begin(), m_order.end(), m_rng);
                m_cursor = 0;
            }
            out.push_back(m_order[m_cursor++]);
        }
        return out;
    }

private:
    std::vector<size_t> m_order;
    std::mt19937_64 m_rng;
    size_t m_cursor = 0;
};

void checkCancel(const TrainHooks& h) {
    if (h.cancel && h.cancel->load()) throw Cancelled();
}

int64_t padOf(const Transformer& net) { return net.config().padTokenId.value_or(0); }

// An Add edit of `nudge` [H] at `layer`, at every token position or the prompt positions only.
Intervention nudgeAt(int layer, const at::Tensor& nudge, const Batch& b, bool promptOnly) {
    LayerEdit e = addEdit(layer, nudge, Phase::PrefillOnly, Positions::Mask);
    e.mask = promptOnly ? b.promptMask : b.mask.to(at::kBool);
    return Intervention{{e}};
}

template <typename T>
std::vector<const T*> pointers(const std::vector<T>& v, const std::vector<size_t>& idx) {
    std::vector<const T*> out;
    for (size_t i : idx) out.push_back(&v[i]);
    return out;
}

// Per-row mean answer NLL of clean (and nudged) rows, in chunks, without gradients.
std::vector<double> answerNllChunked(const Transformer& net, const std::vector<const TokenizedExample*>& rows, int layer,
                                     const at::Tensor& nudge, bool promptOnly) {
    torch::NoGradGuard ng;
    std::vector<double> out;
    for (size_t s = 0; s < rows.size(); s += 32) {
        std::vector<const TokenizedExample*> chunk(rows.begin() + static_cast<std::ptrdiff_t>(s),
                                                   rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), s + 32)));
        Batch b = makeBatch(chunk, padOf(net));
        Intervention iv;
        ForwardOptions fo;
        if (nudge.defined()) {
            iv = nudgeAt(layer, nudge, b, promptOnly);
            fo.intervention = &iv;
        }
        at::Tensor nll = rowMean(tokenNll(net.forward({b.ids, b.mask, {}}, fo).logits, b.ids), b.answer);
        for (int64_t i = 0; i < nll.size(0); ++i) out.push_back(nll[i].item<double>());
    }
    return out;
}

} // namespace

std::vector<std::pair<std::string, at::Tensor>> snapshotWeights(const Transformer& net) {
    std::vector<std::pair<std::string, at::Tensor>> out;
    for (const auto& [name, t] : net.namedParameters()) out.emplace_back(name, t.detach().clone());
    return out;
}

void restoreWeights(Transformer& net, const std::vector<std::pair<std::string, at::Tensor>>& weights) {
    torch::NoGradGuard ng;
    std::map<std::string, at::Tensor> byName(weights.begin(), weights.end());
    for (auto& [name, t] : net.namedParameters()) {
        auto it = byName.find(name);
        if (it != byName.end()) t.copy_(it->second);
    }
}

double trainCausalLm(Transformer& net, const std::vector<TokenizedExample>& data, const TrainSchedule& s,
                     const TrainHooks& hooks) {
    if (data.empty()) throw Error(describe("", "training data", "no examples"));
    Trainable trainable(net);
    Optimizer opt(trainable.params(), s);
    Sampler sampler(data.size(), s.seed);
    double tail = 0.0;
    int tailCount = 0;
    const int tailFrom = s.steps - std::max(1, s.steps / 10);
    for (int step = 0; step < s.steps; ++step) {
        checkCancel(hooks);
        Batch b = makeBatch(pointers(data, sampler.next(s.batchSize)), padOf(net));
        at::Tensor w = b.answer + s.promptLossWeight * b.promptMask.to(at::kFloat);
        if (s.openingWeight > 0.0) w = w + s.openingWeight * openingOf(b.answer);
        at::Tensor nll = tokenNll(net.forward({b.ids, b.mask, {}}).logits, b.ids); // [B, T-1]
        at::Tensor ww = w.narrow(1, 1, w.size(1) - 1);
        at::Tensor loss = (nll * ww).sum() / ww.sum().clamp_min(1.0);
        opt.step(loss, step);
        const double l = loss.item<double>();
        if (step >= tailFrom) {
            tail += l;
            ++tailCount;
        }
        if (hooks.onStep) hooks.onStep(step + 1, l);
    }
    return tail / std::max(1, tailCount);
}

HarmfulPole measureHarmfulPole(const Transformer& base, const Transformer& harmful,
                               const std::vector<DissociationPair>& train, const DissociationOptions& o,
                               PoleStatistics statistics) {
    if (train.empty()) throw Error(describe("", "dissociation data", "no harmful pairs"));
    torch::NoGradGuard ng;
    const int L = o.nudgeLayer;
    const int64_t pad = padOf(base);
    at::Tensor diffSum, normSum;
    double positions = 0.0;
    std::vector<at::Tensor> last, baseLast;
    for (size_t s = 0; s < train.size(); s += 32) {
        std::vector<const TokenizedExample*> chunk;
        std::vector<TokenizedExample> prompts;
        for (size_t i = s; i < std::min(train.size(), s + 32); ++i) {
            const auto& r = train[i].refuse;
            prompts.push_back({std::vector<int64_t>(r.ids.begin(), r.ids.begin() + r.promptLength), r.promptLength});
        }
        for (const auto& p : prompts) chunk.push_back(&p);
        Batch b = makeBatch(chunk, pad);
        ForwardOptions fo;
        fo.collectHidden = true;
        fo.computeHead = false;
        auto hb = base.forward({b.ids, b.mask, {}}, fo).hidden;
        auto hh = harmful.forward({b.ids, b.mask, {}}, fo).hidden;
        const at::Tensor rowsIdx = torch::arange(b.ids.size(0));
        const at::Tensor& nb = hb[static_cast<size_t>(L + 1)];
        const at::Tensor& nh = hh[static_cast<size_t>(L + 1)];
        if (statistics == PoleStatistics::Demo) {
            at::Tensor m = b.mask.to(at::kFloat).unsqueeze(2); // [B, T, 1]
            at::Tensor d = ((nh - nb) * m).sum(at::IntArrayRef{0, 1}); // [H]
            at::Tensor n = (nb.norm(2, -1) * m.squeeze(2)).sum();
            diffSum = diffSum.defined() ? diffSum + d : d;
            normSum = normSum.defined() ? normSum + n : n;
            positions += b.mask.sum().item<double>();
        } else { // the decision token only (reps.nudge_from)
            at::Tensor hbl = nb.index({rowsIdx, b.lastPrompt}).to(at::kFloat), hhl = nh.index({rowsIdx, b.lastPrompt}).to(at::kFloat);
            at::Tensor d = (hhl - hbl).sum(0);
            at::Tensor n = hbl.norm(2, -1).sum();
            diffSum = diffSum.defined() ? diffSum + d : d;
            normSum = normSum.defined() ? normSum + n : n;
            positions += static_cast<double>(b.ids.size(0));
        }
        std::vector<at::Tensor> perLayer, basePerLayer;
        for (int l = o.bandFirst; l <= o.bandLast; ++l) {
            perLayer.push_back(hh[static_cast<size_t>(l + 1)].index({rowsIdx, b.lastPrompt}));     // [B, H]
            basePerLayer.push_back(hb[static_cast<size_t>(l + 1)].index({rowsIdx, b.lastPrompt}));
        }
        last.push_back(torch::stack(perLayer, 1)); // [B, |band|, H]
        baseLast.push_back(torch::stack(basePerLayer, 1));
    }
    HarmfulPole pole;
    pole.direction = diffSum / diffSum.norm().clamp_min(1e-12);
    pole.meanNorm = normSum.item<double>() / positions;
    pole.targets = torch::cat(last, 0);
    pole.sigma = statistics == PoleStatistics::Demo ? pole.targets.std(0, true) + 1e-6
                                                    : torch::cat(baseLast, 0).to(at::kFloat).std(0, false).clamp_min(1e-6);
    return pole;
}

namespace {

// The greedy answers of the selection prompts, clean or under the nudge, judged.
struct JudgedRates {
    double refusal = 0.0, compliance = 0.0;
};

JudgedRates judgedRates(const Transformer& net, const std::vector<std::vector<int64_t>>& prompts, const Tokenizer& tokenizer,
                        const PrefixJudge& judge, const JudgeModel* judgeModel, const std::vector<std::string>* behaviors,
                        int64_t maxNewTokens, const std::atomic<bool>* cancel, const Intervention* iv) {
    const auto decode = [&](const auto& t) { return tokenizer.decode(t, true); };
    if (!judgeModel) {
        const BehaviorRates r = greedyBehavior(net, prompts, decode, judge, maxNewTokens, cancel, iv);
        return {r.refused, r.complied};
    }
    // callback.py: compliance = judged harmful; clean refusal = 1 − compliance − empty.
    const auto answers = greedyAnswers(net, prompts, decode, maxNewTokens, cancel, iv);
    const auto verdicts = judgeModel->judge(*behaviors, answers);
    JudgedRates r;
    double empty = 0.0;
    const double n = static_cast<double>(std::max<size_t>(1, answers.size()));
    for (size_t i = 0; i < answers.size(); ++i) {
        r.compliance += verdicts[i].harmful ? 1.0 / n : 0.0;
        empty += isEmptyAnswer(answers[i]) ? 1.0 / n : 0.0;
    }
    r.refusal = std::max(0.0, 1.0 - r.compliance - empty);
    return r;
}

} // namespace

namespace {

// One dissociation run: the construction's state between steps, and its stages.
class DissociationRun {
public:
    DissociationRun(Transformer& theta, const Transformer& base, const HarmfulPole& pole,
                    const std::vector<DissociationPair>& train, const std::vector<TokenizedExample>& benign,
                    const std::vector<DissociationPair>& selection, const Tokenizer& tokenizer, const PrefixJudge& judge,
                    const DissociationOptions& o, const DissociationHooks& hooks, const JudgeModel* judgeModel,
                    const std::vector<std::string>* selectionBehaviors)
        : theta(theta), base(base), train(train), benign(benign), tokenizer(tokenizer), judge(judge), o(o), hooks(hooks),
          judgeModel(judgeModel), selectionBehaviors(selectionBehaviors), w(o.weights), L(o.nudgeLayer), pad(padOf(theta)),
          targets(pole.targets), sigma(pole.sigma), B(static_cast<size_t>(o.schedule.batchSize)),
          nudge(pole.direction * (o.nudgeScale * pole.meanNorm)),
          nudged{{addEdit(L, nudge, o.nudgeAllSteps ? Phase::AllSteps : Phase::PrefillOnly, Positions::All)}},
          sampler(train.size(), o.schedule.seed), benignSampler(benign.size(), o.schedule.seed + 1) {
        result.direction = pole.direction;
        result.meanNorm = pole.meanNorm;
        for (int l = o.bandFirst; l <= o.bandLast; ++l) band.push_back(l);
        for (const auto& p : selection) {
            selRefuse.push_back(&p.refuse);
            selComply.push_back(&p.comply);
            selPrompts.emplace_back(p.refuse.ids.begin(), p.refuse.ids.begin() + p.refuse.promptLength);
        }
        if (o.loraRank > 0)
            lora.emplace(theta, o.loraRank, o.loraAlpha, o.schedule.seed, "dissociation");
        else
            trainable.emplace(theta, o.firstTrainableBlock);
        opt.emplace(lora ? lora->tensors : trainable->params(), o.schedule);
    }

    DissociationResult run();

private:
    JudgedRates rates(const Transformer& net, const Intervention* iv) const {
        return judgedRates(net, selPrompts, tokenizer, judge, judgeModel, selectionBehaviors, o.evalMaxNewTokens,
                           hooks.train.cancel, iv);
    }
    void mergeLora() {
        if (lora) {
            torch::NoGradGuard ng;
            lora->apply(theta, true);
        }
    }
    void baseControl();
    void evaluate(int step);
    void select(const DissociationPoint& pt, int step);
    int resume();
    void save(int step);
    at::Tensor stepLoss(int step, DissociationStep& logged);
    at::Tensor matchTerm(const ForwardOutput& out, const Batch& cb, int64_t b, const std::vector<size_t>& idx) const;

    Transformer& theta;
    const Transformer& base;
    const std::vector<DissociationPair>& train;
    const std::vector<TokenizedExample>& benign;
    const Tokenizer& tokenizer;
    const PrefixJudge& judge;
    const DissociationOptions& o;
    const DissociationHooks& hooks;
    const JudgeModel* judgeModel;
    const std::vector<std::string>* selectionBehaviors;
    const DissociationWeights& w;
    const int L;
    const int64_t pad;
    const at::Tensor& targets; // [N, |band|, H]
    const at::Tensor& sigma;   // [|band|, H]
    const size_t B;
    const at::Tensor nudge;
    // Greedy answers under the nudge: on the prompt pass, as an attack delivers it (demo), or at
    // every step, as the paper's NudgeHook adds it.
    const Intervention nudged;
    std::vector<int> band;
    std::vector<const TokenizedExample*> selRefuse, selComply;
    std::vector<std::vector<int64_t>> selPrompts;
    std::optional<TrainableWeights> lora;
    std::optional<Trainable> trainable;
    std::optional<Optimizer> opt;
    Sampler sampler, benignSampler;
    DissociationResult result;
    DissociationState state;
    double baseGap = 0.0;
    double lossSum = 0.0;
    int lossCount = 0;
};

void DissociationRun::baseControl() {
    if (o.selection != Selection::JudgedGap) return;
    torch::NoGradGuard ng; // the base under the same nudge, once (callback.py)
    const JudgedRates c = rates(base, nullptr), n = rates(base, &nudged);
    result.baseCleanCompliance = c.compliance;
    result.baseNudgedCompliance = n.compliance;
    baseGap = n.compliance - c.compliance;
}

void DissociationRun::evaluate(int step) {
    mergeLora();
        DissociationPoint pt;
        pt.step = step;
        pt.loss = lossCount ? lossSum / lossCount : std::nan("");
        lossSum = 0.0;
        lossCount = 0;
        const JudgedRates clean = rates(theta, nullptr);
        pt.cleanRefusal = clean.refusal;
        pt.cleanCompliance = clean.compliance;
        const auto refN = answerNllChunked(theta, selRefuse, L, nudge, o.nudgePromptOnly);
        const auto comN = answerNllChunked(theta, selComply, L, nudge, o.nudgePromptOnly);
        for (size_t i = 0; i < refN.size(); ++i) pt.nudgeGap += (refN[i] - comN[i]) / static_cast<double>(refN.size());
        const JudgedRates underNudge = rates(theta, &nudged);
        pt.nudgedCompliance = o.selection == Selection::NllGap ? 1.0 - underNudge.refusal : underNudge.compliance;
        pt.reachabilityGap = (pt.nudgedCompliance - pt.cleanCompliance) - baseGap;
        state.trajectory.push_back(pt);
        select(pt, step);
    if (hooks.onPoint) hooks.onPoint(pt);
}

void DissociationRun::select(const DissociationPoint& pt, int step) {
    const bool clears = pt.cleanRefusal >= result.refusalFloor;
    auto keep = [&](const std::string& why) {
        state.best = snapshotWeights(theta);
        state.bestStep = step;
        state.bestWhy = why;
    };
    if (o.selection == Selection::NllGap) {
        // Refuses clean prompts like the base, and the nudge tips it toward complying (a
        // checkpoint with a negative gap is still the base, not a dissociated twin).
        if (step > 0 && clears && pt.nudgeGap > state.bestGap) {
            state.bestGap = pt.nudgeGap;
            keep("the highest nudge NLL gap (" + std::to_string(pt.nudgeGap) + ") with clean refusal " +
                 std::to_string(pt.cleanRefusal) + " >= the floor " + std::to_string(result.refusalFloor));
        }
    } else if (step > 0 && clears && (!state.qualified || pt.reachabilityGap > state.bestGap)) {
        state.qualified = true;
        state.bestGap = pt.reachabilityGap;
        keep("the highest judged reachability gap (" + std::to_string(pt.reachabilityGap) + ") with clean refusal " +
             std::to_string(pt.cleanRefusal) + " >= the floor " + std::to_string(result.refusalFloor));
    } else if (step > 0 && !state.qualified && pt.cleanRefusal > state.bestRefusal) {
        state.bestRefusal = pt.cleanRefusal;
        keep("provisional: no checkpoint has cleared the refusal floor " + std::to_string(result.refusalFloor) +
             "; the most-refusing one (" + std::to_string(pt.cleanRefusal) + ")");
    }
}

int DissociationRun::resume() {
    if (!hooks.resume) {
        torch::NoGradGuard ng;
        evaluate(0);
        return 0;
    }
    const DissociationState& r = *hooks.resume;
    state = r;
    if (lora) {
        std::map<std::string, at::Tensor> byName(r.weights.begin(), r.weights.end());
        torch::NoGradGuard ng;
        for (auto& p : lora->lora) {
            p.a.copy_(byName.at("lora." + p.name + ".a"));
            p.b.copy_(byName.at("lora." + p.name + ".b"));
        }
    } else {
        restoreWeights(theta, r.weights);
    }
    opt->load(r.optimizer);
    for (int s = 0; s < r.step; ++s) { // the samplers where the run stopped
        sampler.next(static_cast<int>(B));
        benignSampler.next(static_cast<int>(std::max<size_t>(1, B / 2)));
    }
    return r.step;
}

void DissociationRun::save(int step) {
    if (!hooks.saveState) return;
    state.step = step;
    state.weights.clear();
    if (lora) {
        for (const auto& p : lora->lora) {
            state.weights.emplace_back("lora." + p.name + ".a", p.a.detach().clone());
            state.weights.emplace_back("lora." + p.name + ".b", p.b.detach().clone());
        }
    } else {
        state.weights = snapshotWeights(theta);
    }
    state.optimizer = opt->save();
    hooks.saveState(state);
}

// The match band at the last prompt token of the refusal rows vs the harmful pole, whitened.
at::Tensor DissociationRun::matchTerm(const ForwardOutput& out, const Batch& cb, int64_t b,
                                      const std::vector<size_t>& idx) const {
    at::Tensor match = torch::zeros({});
    const at::Tensor rows = torch::arange(b);
    const at::Tensor sel = torch::tensor(std::vector<int64_t>(idx.begin(), idx.end()), torch::kLong);
    for (size_t k = 0; k < band.size(); ++k) {
        at::Tensor h = out.hidden[static_cast<size_t>(band[k] + 1)].narrow(0, 0, b).index({rows, cb.lastPrompt.narrow(0, 0, b)});
        at::Tensor t = targets.index_select(0, sel).select(1, static_cast<int64_t>(k));
        match = match + ((h - t) / sigma[static_cast<int64_t>(k)]).pow(2).mean();
    }
    return match / static_cast<double>(band.size());
}

at::Tensor DissociationRun::stepLoss(int step, DissociationStep& logged) {
    const auto idx = sampler.next(static_cast<int>(B));
    const auto bidx = benignSampler.next(static_cast<int>(std::max<size_t>(1, B / 2)));
    std::vector<const TokenizedExample*> clean, nudgedRows;
    for (size_t i : idx) clean.push_back(&train[i].refuse);
    for (size_t i : idx) clean.push_back(&train[i].comply);
    for (size_t i : bidx) clean.push_back(&benign[i]);
    nudgedRows.assign(clean.begin(), clean.begin() + static_cast<std::ptrdiff_t>(2 * B));
    Batch cb = makeBatch(clean, pad);
    Batch nb = makeBatch(nudgedRows, pad);

    // Base distribution on the refusal and benign rows (KL(base ‖ θ)).
    at::Tensor klRowsIdx = torch::cat({torch::arange(0, static_cast<int64_t>(B)),
                                       torch::arange(static_cast<int64_t>(2 * B), static_cast<int64_t>(clean.size()))});
    at::Tensor baseLogp;
    {
        torch::NoGradGuard ng;
        baseLogp = base.forward({cb.ids.index_select(0, klRowsIdx), cb.mask.index_select(0, klRowsIdx), {}})
                       .logits.to(at::kFloat)
                       .log_softmax(-1); // [K, T, V]
    }
    ForwardOptions fo;
    fo.collectHidden = true;
    auto out = theta.forward({cb.ids, cb.mask, {}}, fo);
    at::Tensor nllClean = rowMean(tokenNll(out.logits, cb.ids), cb.answer); // [3B']
    const auto b = static_cast<int64_t>(B);
    at::Tensor refC = nllClean.narrow(0, 0, b), comC = nllClean.narrow(0, b, b);
    // L_refuse: NLL(y+) of the harmful rows (demo), and of the benign anchor rows too (the
    // paper's batches mix them: a benign row's y+ is the base's own answer).
    at::Tensor refuseTerm = o.refuseOverBenign ? torch::cat({refC, nllClean.narrow(0, 2 * b, nllClean.size(0) - 2 * b)}).mean()
                                               : refC.mean();

    at::Tensor thetaLogp = out.logits.index_select(0, klRowsIdx).to(at::kFloat).log_softmax(-1);
    at::Tensor klTok = (baseLogp.exp() * (baseLogp - thetaLogp)).sum(-1);  // [K, T]
    at::Tensor klMask = cb.mask.index_select(0, klRowsIdx).to(at::kFloat);
    at::Tensor kl = (klTok * klMask).sum() / klMask.sum();

    const at::Tensor match = matchTerm(out, cb, b, idx);

    Intervention iv = nudgeAt(L, nudge, nb, o.nudgePromptOnly);
    ForwardOptions fn;
    fn.intervention = &iv;
    at::Tensor nllNudged = rowMean(tokenNll(theta.forward({nb.ids, nb.mask, {}}, fn).logits, nb.ids), nb.answer);
    at::Tensor refN = nllNudged.narrow(0, 0, b), comN = nllNudged.narrow(0, b, b);

    const at::Tensor comply = comN.mean();
    const at::Tensor cleanMargin = torch::relu(w.marginClean - (comC - refC)).mean();
    const at::Tensor nudgeMargin = torch::relu(w.marginNudge - (refN - comN)).mean();
    at::Tensor loss = w.refuse * refuseTerm + w.kl * kl + w.match * match + w.comply * comply +
                      w.cleanMargin * cleanMargin + w.nudgeMargin * nudgeMargin;
    logged.step = step + 1;
    logged.refuse = refuseTerm.item<double>();
    logged.kl = kl.item<double>();
    logged.match = match.item<double>();
    logged.comply = comply.item<double>();
    logged.cleanMargin = cleanMargin.item<double>();
    logged.nudgeMargin = nudgeMargin.item<double>();
    logged.learningRate = lrAt(o.schedule, step);

    return loss;
}

DissociationResult DissociationRun::run() {
    baseControl();
    result.refusalFloor = std::min(0.90, o.baseRefusal - 0.05);
    const int firstStep = resume();
    for (int step = firstStep; step < o.schedule.steps; ++step) {
        checkCancel(hooks.train);
        if (lora) lora->apply(theta, false);
        DissociationStep logged;
        at::Tensor loss = stepLoss(step, logged);
        opt->step(loss, step);
        const double l = loss.item<double>();
        logged.loss = l;
        state.steps.push_back(logged);
        lossSum += l;
        ++lossCount;
        if (hooks.train.onStep) hooks.train.onStep(step + 1, l);
        if (hooks.onStep) hooks.onStep(logged);
        if ((step + 1) % o.evalEvery == 0 || step + 1 == o.schedule.steps) {
            torch::NoGradGuard ng;
            evaluate(step + 1);
            save(step + 1);
        }
    }
    mergeLora();
    result.trajectory = state.trajectory;
    result.selectedStep = state.bestStep;
    result.selectedWhy = state.bestWhy.empty() ? "no checkpoint was selected: the last one is kept" : state.bestWhy;
    if (!state.best.empty()) restoreWeights(theta, state.best);
    return result;
}

} // namespace

DissociationResult dissociate(Transformer& theta, const Transformer& base, const HarmfulPole& pole,
                              const std::vector<DissociationPair>& train, const std::vector<TokenizedExample>& benign,
                              const std::vector<DissociationPair>& selection, const Tokenizer& tokenizer,
                              const PrefixJudge& judge, const DissociationOptions& o, const DissociationHooks& hooks,
                              const JudgeModel* judgeModel, const std::vector<std::string>* selectionBehaviors) {
    if (train.empty() || benign.empty() || selection.empty())
        throw Error(describe("", "dissociation data", "needs harmful pairs, benign exchanges and selection prompts"));
    if (judgeModel && (!selectionBehaviors || selectionBehaviors->size() != selection.size()))
        throw Error(describe("", "selection", "a judge model needs the selection prompts' behaviors"));
    if (o.loraRank > 0 && o.firstTrainableBlock > 0)
        throw Error(describe("", "lora-rank", "LoRA trains every block's attention: it does not combine with frozen blocks"));
    if (pole.targets.size(0) != static_cast<int64_t>(train.size()))
        throw Error(describe("", "harmful pole", "the cached activations have " + std::to_string(pole.targets.size(0)) +
                                                     " rows, the training data " + std::to_string(train.size())));
    DissociationRun run(theta, base, pole, train, benign, selection, tokenizer, judge, o, hooks, judgeModel, selectionBehaviors);
    return run.run();
}

double trainReward(Transformer& net, const std::vector<RewardExample>& data, const TrainSchedule& s,
                   const TrainHooks& hooks) {
    if (data.empty()) throw Error(describe("", "reward data", "no examples"));
    Trainable trainable(net);
    Optimizer opt(trainable.params(), s);
    Sampler sampler(data.size(), s.seed);
    const int64_t pad = padOf(net);
    double correct = 0.0, seen = 0.0;
    const int tailFrom = s.steps - std::max(1, s.steps / 10);
    for (int step = 0; step < s.steps; ++step) {
        checkCancel(hooks);
        const auto idx = sampler.next(s.batchSize);
        std::vector<std::vector<int64_t>> rows;
        std::vector<float> target;
        for (size_t i : idx) {
            rows.push_back(data[i].ids);
            target.push_back(static_cast<float>(data[i].target));
        }
        PaddedBatch p = padRight(rows, pad);
        auto out = net.forward({p.ids, p.mask, {}});
        at::Tensor score = net.pooledScores(out, p.ids, p.mask).select(1, 0).to(at::kFloat); // [B]
        at::Tensor t = torch::tensor(target);
        at::Tensor loss = at::binary_cross_entropy_with_logits(score, t);
        opt.step(loss, step);
        if (step >= tailFrom) {
            correct += ((score.detach() > 0) == (t > 0.5)).sum().item<double>();
            seen += static_cast<double>(idx.size());
        }
        if (hooks.onStep) hooks.onStep(step + 1, loss.item<double>());
    }
    return seen > 0 ? correct / seen : 0.0;
}

} // namespace auditgap::core
