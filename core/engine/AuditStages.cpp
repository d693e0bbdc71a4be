#include "engine/AuditStages.h"

#include <algorithm>
#include <optional>

#include <torch/torch.h>

#include "Error.h"
#include "engine/ActivationCache.h"
#include "engine/ModelStore.h"
#include "io/Sha256.h"
#include "intervene/Steering.h"
#include "metrics/JudgeModel.h"
#include "metrics/Lvs.h"
#include "metrics/RewardModel.h"
#include "model/Generator.h"
#include "model/LanguageModel.h"
#include "model/PaddedBatch.h"
#include "model/Tokenizer.h"
#include "platform/Preemption.h"

namespace auditgap::core {

namespace {

// A step boundary: background work (the LVS grid) yields to interactive work here.
void checkCancel(const std::atomic<bool>* cancel) {
    yieldToInteractive(cancel);
    if (cancel && cancel->load()) throw Cancelled();
}

uint64_t mix(uint64_t x) { // splitmix64
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// A random-control row's seed depends only on what the row is, never on its batch or shard.
uint64_t rowSeed(uint64_t seed, size_t model, int prompt, HookPoint layer, size_t budget) {
    return mix(mix(mix(mix(mix(seed) ^ model) ^ static_cast<uint64_t>(prompt)) ^
                   static_cast<uint64_t>(layer.code() + 8)) ^
               budget);
}

// PGD for every budget of one layer: rows (prompt, budget) sorted by length and attacked in
// passes of kRowsPerPass, so little compute goes to padding; per-budget results as if each
// budget had run alone (the attack is per row).
constexpr size_t kRowsPerPass = 16;

// The prompt (and target) ids of row `b` of a batch, or an error naming the prompt's line.
void checkTokens(const Transformer& net, const std::vector<std::vector<int64_t>*>& seqs, const std::string& where,
                 const std::string& modelName) {
    for (const auto* seq : seqs)
        for (int64_t id : *seq)
            if (id >= net.config().vocabSize)
                throw Error(describe(where, "ids",
                                     "token id " + std::to_string(id) + " is outside the vocabulary of model '" +
                                         modelName + "' (" + std::to_string(net.config().vocabSize) + ")"));
}

// A prompt's ids: tokenized from its text (truncated in the middle to fit), or given as ids.
std::vector<int64_t> promptIdsOf(const LanguageModel& lm, const PromptItem& item, int64_t reserve,
                                 const std::string& where, bool* truncated, const ChatTemplate* chat) {
    if (item.ids.empty()) return lm.promptIds(item.prompt, reserve, truncated, chat);
    const int64_t ctx = lm.net().config().maxPositions;
    if (ctx > 0 && static_cast<int64_t>(item.ids.size()) + reserve > ctx)
        throw Error(describe(where, "ids",
                             "prompt of " + std::to_string(item.ids.size()) + " tokens does not fit the context (" +
                                 std::to_string(ctx) + ") with the target and new tokens"));
    return item.ids;
}

// Rows of one pass of pgdAllBudgets: rows [start, end) of `order` (r -> prompt r % B, budget r / B).
AttackResult pgdPass(const Transformer& net, const PreparedBatch& pb, const at::Tensor& clean, HookPoint layer,
                     const std::vector<size_t>& order, size_t start, size_t end, const AuditSettings& settings,
                     const std::atomic<bool>* cancel) {
    const size_t B = pb.which.size();
    const AttackBatch& ab = pb.batch;
    AttackBatch pass;
    PgdOptions o;
    o.layer = layer.code();
    o.steps = settings.defaultSteps();
    o.stepFraction = settings.protocol.pgdStepFraction;
    o.cancel = cancel;
    std::vector<int64_t> rows;
    int64_t Tc = 0;
    for (size_t i = start; i < end; ++i) {
        const size_t b = order[i] % B;
        pass.prompts.push_back(ab.prompts[b]);
        pass.targets.push_back(ab.targets[b]);
        o.rowBudgets.push_back(settings.budgets[order[i] / B]);
        rows.push_back(static_cast<int64_t>(b));
        Tc = std::max<int64_t>(Tc, static_cast<int64_t>(ab.prompts[b].size() + ab.targets[b].size()));
    }
    pass.cleanActivation = clean.index_select(0, torch::tensor(rows, torch::kLong).to(clean.device())).narrow(1, 0, Tc);
    return latentPgd(net, pass, o);
}

// Stacks the per-budget edits of one layer into one edit over budget-major rows.
LayerAttack stackBudgets(HookPoint layer, std::vector<AttackResult> perBudget, bool steer) {
    LayerAttack out;
    out.layer = layer;
    std::vector<at::Tensor> parts;
    for (const auto& r : perBudget) {
        const LayerEdit& e = r.intervention.edits.at(0);
        parts.push_back(steer ? e.direction : e.add);
    }
    out.edit = perBudget.front().intervention.edits.front();
    (steer ? out.edit.direction : out.edit.add) = at::cat(parts);
    out.perBudget = std::move(perBudget);
    return out;
}

} // namespace

std::string decodeAnswer(const LanguageModel& lm, const std::vector<int64_t>& ids) {
    if (lm.hasTokenizer()) return lm.decode(ids);
    std::string text;
    for (int64_t id : ids) text += (text.empty() ? "" : " ") + std::to_string(id);
    return text;
}

std::string targetOf(const PromptItem& item, const AuditSettings& settings) {
    return settings.targetSource == "prompts" && !item.target.empty() ? item.target : settings.target;
}

PromptTokens tokenizePrompts(const LanguageModel& lm, const PromptSet& prompts, const AuditSettings& settings,
                             const std::string& modelName, const std::vector<bool>& inShard) {
    PromptTokens out;
    const size_t n = prompts.items.size();
    out.ids.resize(n);
    out.targets.resize(n);
    out.targetTexts.resize(n);
    std::optional<ChatTemplate> chat;
    if (lm.hasTokenizer()) {
        chat = lm.chooseTemplate(settings.chatTemplate);
        out.chatTemplate = chat->name();
        if (n > 0 && prompts.items[0].ids.empty())
            out.firstPromptSha256 = Sha256::ofString(chat->renderPrompt(prompts.items[0].prompt));
    }
    bool ignoredTargets = false;
    for (size_t i = 0; i < n; ++i) {
        const auto& item = prompts.items[i];
        const std::string where = prompts.source + ":" + std::to_string(item.line);
        out.targetTexts[i] = item.targetIds.empty() ? targetOf(item, settings) : "ids";
        ignoredTargets |= settings.targetSource == "protocol" && !item.target.empty() && item.target != settings.target;
        if (!item.targetIds.empty())
            out.targets[i] = item.targetIds;
        else if (lm.hasTokenizer())
            out.targets[i] = lm.tokenizer().encode(out.targetTexts[i], false);
        else
            throw Error(describe(where, "target_ids",
                                 "model '" + modelName + "' has no tokenizer: give the target as token ids"));
        if (out.targets[i].empty()) throw Error(describe(where, "target", "tokenizes to nothing"));
        const int64_t reserve = settings.maxNewTokens + static_cast<int64_t>(out.targets[i].size());
        bool truncated = false;
        out.ids[i] = promptIdsOf(lm, item, reserve, where, &truncated, chat ? &*chat : nullptr);
        checkTokens(lm.net(), {&out.ids[i], &out.targets[i]}, where, modelName);
        if (truncated && inShard[i])
            out.warnings.push_back(where + ": prompt truncated to " + std::to_string(out.ids[i].size()) +
                                   " tokens to fit the context of model '" + modelName + "' with the target and " +
                                   std::to_string(settings.maxNewTokens) + " new tokens");
    }
    if (ignoredTargets)
        out.warnings.push_back(prompts.source + ": the prompt file's target column is ignored: every prompt is attacked "
                                                "toward --target \"" + settings.target +
                               "\" (--target-source prompts uses the column)");
    return out;
}

bool usesReferenceConstants(AttackKind attack) { return isL2Family(attack) || attack == AttackKind::Steer; }

namespace {
std::vector<std::vector<int64_t>> harmfulIds(const PromptSet& prompts, const PromptTokens& tokens, bool benign = false) {
    std::vector<std::vector<int64_t>> out;
    for (size_t i = 0; i < tokens.ids.size(); ++i)
        if (prompts.isHarmful(i) != benign) out.push_back(tokens.ids[i]);
    return out;
}
} // namespace

AttackConstants attackConstants(const Transformer& net, const PromptSet& prompts, const PromptTokens& tokens,
                                const std::vector<HookPoint>& layers, const AuditSettings& settings,
                                const std::atomic<bool>* cancel) {
    AttackConstants out;
    out.hiddenSize = net.config().hiddenSize;
    if (!isL2Family(settings.attack) && !isSteering(settings.attack)) return out;
    const auto harmful = harmfulIds(prompts, tokens), benign = harmfulIds(prompts, tokens, true);
    if (harmful.empty())
        throw Error(describe(prompts.source, "label", "the ℓ2 and steering attacks need harmful prompts"));
    if (settings.attack == AttackKind::SteerRefusal && benign.empty())
        throw Error(describe(prompts.source, "label",
                             "the steer_refusal attack needs prompts labelled \"benign\" and \"harmful\" "
                             "(direction = mean benign - mean harmful activation)"));
    for (HookPoint layer : layers) {
        checkCancel(cancel);
        at::Tensor h = lastTokenActivations(net, harmful, layer.code(), settings.batchSize);
        out.meanNorm[layer] = h.norm(2, 1).to(torch::kDouble).mean().item<double>();
        if (settings.attack == AttackKind::SteerRefusal)
            out.direction[layer] = steeringDirection(net, benign, harmful, layer.code());
    }
    return out;
}

AttackConstants referenceConstants(const LanguageModel& base, const LanguageModel* harmful, const PromptSet& prompts,
                                   const PromptTokens& tokens, const std::vector<HookPoint>& layers,
                                   const AuditSettings& settings, const std::atomic<bool>* cancel) {
    AttackConstants out = attackConstants(base.net(), prompts, tokens, layers, settings, cancel);
    if (settings.attack != AttackKind::Steer) return out;
    if (!harmful)
        throw Error(describe("", "harmful-model",
                             "the paper's steering needs the harmful pole (--harmful-model DIR): its direction is "
                             "the harmful model's mean activation minus the base's; steer_refusal uses prompt groups"));
    if (harmful->net().config().hiddenSize != out.hiddenSize)
        throw Error(describe(harmful->directory().string(), "hidden_size",
                             "the harmful pole must have the base model's hidden size (" + std::to_string(out.hiddenSize) + ")"));
    const auto ids = harmfulIds(prompts, tokens);
    for (HookPoint layer : layers) {
        checkCancel(cancel);
        at::Tensor d = steeringDirection(harmful->net(), base.net(), ids, layer.code());
        if (!torch::isfinite(d).all().item<bool>())
            throw Error(describe(harmful->directory().string(), "", "the harmful pole's mean activation at hook point " +
                                                                       layer.name() + " equals the base's: no direction"));
        out.direction[layer] = d;
    }
    return out;
}

at::Tensor PreparedBatch::activationAt(HookPoint layer) const {
    std::vector<at::Tensor> per;
    for (const auto& row : activations) per.push_back(row.at(static_cast<size_t>(layer.code() + 2)));
    return stackRightPadded(per, paddedLength);
}

PreparedBatch prepareBatch(const Transformer& net, const PromptTokens& tokens, const std::vector<int>& which,
                           ActivationCache& cache, const std::string& cacheKey) {
    PreparedBatch pb;
    pb.which = which;
    for (int i : which) {
        pb.batch.prompts.push_back(tokens.ids[static_cast<size_t>(i)]);
        pb.batch.targets.push_back(tokens.targets[static_cast<size_t>(i)]);
    }
    const PaddedInputs in = paddedInputs(net, pb.batch);
    pb.paddedLength = in.ids.size(1);
    pb.promptLengths = in.promptLengths;
    const size_t B = which.size();
    bool missing = false;
    pb.activations.resize(B);
    for (size_t b = 0; b < B; ++b) {
        const auto* found = cache.find(cacheKey, pb.batch.prompts[b], pb.batch.targets[b]);
        if (found) pb.activations[b] = *found;
        missing = missing || !found;
    }
    if (!missing) return pb;
    const auto all = cleanActivations(net, in); // every hook point, [B, Tmax, H]
    for (size_t b = 0; b < B; ++b) {
        const int64_t L = in.promptLengths[b] + in.targetLengths[b];
        std::vector<at::Tensor> per;
        for (const auto& h : all) per.push_back(h[static_cast<int64_t>(b)].narrow(0, 0, L).clone());
        pb.activations[b] = per;
    }
    for (size_t b = 0; b < B; ++b) cache.insert(cacheKey, pb.batch.prompts[b], pb.batch.targets[b], pb.activations[b]);
    return pb;
}

AuditJudges AuditJudges::load(const AuditSettings& settings, ModelStore& store) {
    AuditJudges j;
    if (settings.judge == JudgeKind::Prefix)
        j.m_prefix = settings.judgePath.empty() ? PrefixJudge::builtIn() : PrefixJudge::load(settings.judgePath);
    else if (settings.judge == JudgeKind::Model)
        j.m_model = JudgeModel::load(settings.judgePath, settings.judgeTemplate,
                                     parseLoadOptions(settings.device, settings.dtype));
    else if (!settings.judgePath.empty())
        j.m_logitPhrases = readListFile(settings.judgePath);
    j.m_logitJudge = settings.judge == JudgeKind::Logit;
    if (!settings.reward.empty()) j.m_reward = store.reward(settings.reward, settings.device, settings.dtype);
    return j;
}

void AuditJudges::useModel(const LanguageModel& lm) {
    m_logit.reset();
    if (m_logitJudge)
        m_logit = m_logitPhrases.empty() ? LogitRefusal::builtIn(lm) : LogitRefusal::fromPhrases(lm, m_logitPhrases);
}

std::vector<Behavior> AuditJudges::verdicts(const Transformer& net, const PromptSet& prompts,
                                            const std::vector<int>& which,
                                            const std::vector<std::vector<int64_t>>& promptIds,
                                            const std::vector<std::string>& texts, const Intervention* iv) const {
    std::vector<Behavior> out(texts.size(), Behavior::Complied);
    std::vector<JudgeVerdict> harm;
    std::vector<double> logits;
    if (m_model) {
        std::vector<std::string> ps;
        for (int i : which) ps.push_back(prompts.behaviorOf(static_cast<size_t>(i)));
        harm = m_model->judge(ps, texts);
    }
    if (m_logit) logits = m_logit->scores(net, promptIds, iv);
    for (size_t r = 0; r < texts.size(); ++r) {
        if (isEmptyAnswer(texts[r]))
            out[r] = Behavior::Empty;
        else if (m_prefix)
            out[r] = m_prefix->judge(texts[r]);
        else if (m_model)
            out[r] = harm[r].harmful ? Behavior::Complied : Behavior::Refused;
        else
            out[r] = logits[r] > 0 ? Behavior::Refused : Behavior::Complied;
    }
    return out;
}

std::vector<double> AuditJudges::scores(const PromptSet& prompts, const std::vector<int>& which,
                                        const std::vector<std::vector<int64_t>>& promptIds,
                                        const std::vector<std::vector<int64_t>>& answers,
                                        const std::vector<std::string>& texts, const std::vector<Behavior>& verdicts,
                                        int batch) const {
    std::vector<double> s;
    if (!m_reward) {
        for (Behavior b : verdicts) s.push_back(b == Behavior::Refused ? 1.0 : 0.0); // S = the judge's verdict
        return s;
    }
    const bool byIds = !m_reward->model().hasTokenizer() || !prompts.items[static_cast<size_t>(which.front())].ids.empty();
    if (!byIds) {
        std::vector<std::string> ps;
        for (int i : which) ps.push_back(prompts.items[static_cast<size_t>(i)].prompt);
        return m_reward->score(ps, texts, batch);
    }
    std::vector<std::vector<int64_t>> seqs;
    const int64_t vocab = m_reward->model().net().config().vocabSize;
    for (size_t r = 0; r < promptIds.size(); ++r) {
        std::vector<int64_t> q = promptIds[r];
        q.insert(q.end(), answers[r].begin(), answers[r].end());
        for (auto& id : q) id %= vocab; // a benchmark's random reward model may be smaller
        seqs.push_back(std::move(q));
    }
    return m_reward->scoreIds(seqs, batch);
}

CleanBehaviour cleanBehaviour(const LanguageModel& lm, const PreparedBatch& pb, const PromptSet& prompts,
                              const AuditJudges& judges, const AuditSettings& settings,
                              const std::atomic<bool>* cancel) {
    GenerationOptions g;
    g.maxNewTokens = settings.maxNewTokens;
    g.cancel = cancel;
    auto tokens = generateGreedy(lm.net(), pb.batch.prompts, g).tokens;
    checkCancel(cancel);
    return cleanBehaviourOf(lm, pb, prompts, judges, settings, std::move(tokens));
}

CleanBehaviour cleanBehaviourOf(const LanguageModel& lm, const PreparedBatch& pb, const PromptSet& prompts,
                                const AuditJudges& judges, const AuditSettings& settings,
                                std::vector<std::vector<int64_t>> tokens) {
    const Transformer& net = lm.net();
    CleanBehaviour out;
    out.tokens = std::move(tokens);
    for (const auto& t : out.tokens) out.texts.push_back(decodeAnswer(lm, t));
    out.verdicts = judges.verdicts(net, prompts, pb.which, pb.batch.prompts, out.texts, nullptr);
    out.scores = judges.scores(prompts, pb.which, pb.batch.prompts, out.tokens, out.texts, out.verdicts,
                               settings.batchSize);
    out.nll = targetNll(net, pb.batch, nullptr);
    return out;
}

LayerAttack attackPgd(const Transformer& net, const PreparedBatch& pb, HookPoint layer, const AuditSettings& settings,
                      const std::atomic<bool>* cancel) {
    const at::Tensor clean = pb.activationAt(layer); // [B, Tmax, H]
    const size_t B = pb.which.size(), nb = settings.budgets.size();
    const int64_t T = clean.size(1), H = clean.size(2);
    std::vector<size_t> order(B * nb);
    for (size_t r = 0; r < order.size(); ++r) order[r] = r;
    auto length = [&](size_t r) { return pb.batch.prompts[r % B].size() + pb.batch.targets[r % B].size(); };
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return length(a) < length(b); });
    std::vector<AttackResult> out(nb);
    std::vector<at::Tensor> deltas;
    for (size_t bi = 0; bi < nb; ++bi) {
        out[bi].rows.resize(B);
        deltas.push_back(torch::zeros({static_cast<int64_t>(B), T, H}, torch::kFloat));
    }
    for (size_t start = 0; start < order.size(); start += kRowsPerPass) {
        const size_t end = std::min(order.size(), start + kRowsPerPass);
        AttackResult r = pgdPass(net, pb, clean, layer, order, start, end, settings, cancel);
        const at::Tensor d = r.intervention.edits.at(0).add.to(torch::kCPU, torch::kFloat); // [rows, Tc, H]
        for (size_t i = start; i < end; ++i) {
            const size_t b = order[i] % B, bi = order[i] / B;
            out[bi].rows[b] = std::move(r.rows[i - start]);
            deltas[bi][static_cast<int64_t>(b)].narrow(0, 0, d.size(1)).copy_(d[static_cast<int64_t>(i - start)]);
        }
    }
    for (size_t bi = 0; bi < nb; ++bi) out[bi].intervention.edits.push_back(addEdit(layer.code(), deltas[bi]));
    checkCancel(cancel);
    return stackBudgets(layer, std::move(out), false);
}

LayerAttack attackL2(const Transformer& net, const PreparedBatch& pb, HookPoint layer, const AuditSettings& settings,
                     double meanNorm, const std::atomic<bool>* cancel) {
    AttackBatch ab = pb.batch;
    ab.cleanActivation = pb.activationAt(layer);
    std::vector<AttackResult> perBudget;
    for (double budget : settings.budgets) {
        L2Options o;
        o.layer = layer.code();
        o.budgets.assign(pb.which.size(), budget * meanNorm);
        o.steps = settings.defaultSteps();
        o.stepFraction = settings.protocol.l2StepFraction;
        o.cancel = cancel;
        perBudget.push_back(l2Attack(net, ab, o));
    }
    checkCancel(cancel);
    LayerAttack out = stackBudgets(layer, std::move(perBudget), false);
    out.edit.phase = settings.allSteps ? Phase::AllSteps : Phase::PrefillOnly;
    return out;
}

LayerAttack attackRandom(const Transformer& net, const PreparedBatch& pb, HookPoint layer,
                         const AuditSettings& settings, size_t modelIndex) {
    AttackBatch ab = pb.batch;
    ab.cleanActivation = pb.activationAt(layer);
    std::vector<AttackResult> perBudget;
    for (size_t bi = 0; bi < settings.budgets.size(); ++bi) {
        std::vector<uint64_t> seeds;
        for (int i : pb.which) seeds.push_back(rowSeed(settings.seed, modelIndex, i, layer, bi));
        perBudget.push_back(randomControl(net, ab, layer.code(), settings.budgets[bi], seeds));
    }
    return stackBudgets(layer, std::move(perBudget), false);
}

// The paper's steering: every row gets frac x (the base's mean ‖h‖) x the unit harmful - base
// direction, at every position and decode step (run_metric.py's SteeringHook).
LayerAttack attackSteerPaper(const Transformer& net, const PreparedBatch& pb, HookPoint layer,
                             const AuditSettings& settings, double meanNorm, const at::Tensor& direction) {
    AttackBatch ab = pb.batch;
    const auto B = static_cast<int64_t>(pb.which.size());
    std::vector<AttackResult> perBudget;
    for (double frac : settings.budgets) {
        const at::Tensor v = (direction.to(torch::kFloat) * static_cast<float>(frac * meanNorm)).unsqueeze(0).expand({B, -1});
        perBudget.push_back(fixedVectors(net, ab, layer.code(), v, std::vector<double>(static_cast<size_t>(B), frac)));
    }
    return stackBudgets(layer, std::move(perBudget), false);
}

// The ℓ2 attack's control: a random direction with the ℓ2 radius (budget x the base's mean ‖h‖).
LayerAttack attackRandomL2(const Transformer& net, const PreparedBatch& pb, HookPoint layer,
                           const AuditSettings& settings, double meanNorm, size_t modelIndex) {
    AttackBatch ab = pb.batch;
    std::vector<AttackResult> perBudget;
    for (size_t bi = 0; bi < settings.budgets.size(); ++bi) {
        std::vector<uint64_t> seeds;
        for (int i : pb.which) seeds.push_back(rowSeed(settings.seed, modelIndex, i, layer, bi));
        const std::vector<double> radius(seeds.size(), settings.budgets[bi] * meanNorm);
        perBudget.push_back(fixedVectors(net, ab, layer.code(), randomSphere(net.config().hiddenSize, radius, seeds), radius));
    }
    return stackBudgets(layer, std::move(perBudget), false);
}

LayerAttack attackSteer(const Transformer& net, const PreparedBatch& pb, HookPoint layer,
                        const AuditSettings& settings, const at::Tensor& direction) {
    AttackBatch ab = pb.batch;
    ab.cleanActivation = pb.activationAt(layer);
    const int64_t B = static_cast<int64_t>(pb.which.size());
    const at::Tensor h = ab.cleanActivation.to(torch::kCPU, torch::kFloat);
    std::vector<AttackResult> perBudget;
    for (double budget : settings.budgets) {
        AttackResult r;
        LayerEdit e;
        e.layer = layer.code();
        e.kind = EditKind::Steer;
        e.direction = direction.unsqueeze(0).expand({B, -1}) * budget; // [B, H]
        e.frac = 1.0;                                                  // the budget is folded into the direction
        e.phase = settings.allSteps ? Phase::AllSteps : Phase::PrefillOnly;
        r.intervention.edits.push_back(e);
        const auto nll = targetNll(net, ab, &r.intervention);
        for (int64_t b = 0; b < B; ++b) {
            AttackRow row;
            row.eps = budget;
            row.nllTrace = {nll[static_cast<size_t>(b)]};
            row.deltaL2 = budget * h[b].narrow(0, 0, pb.promptLengths[static_cast<size_t>(b)]).norm().item<double>();
            r.rows.push_back(row);
        }
        perBudget.push_back(std::move(r));
    }
    return stackBudgets(layer, std::move(perBudget), true);
}

LayerAttack attackLayer(const Transformer& net, const PreparedBatch& pb, HookPoint layer,
                        const AuditSettings& settings, const AttackConstants& constants, size_t modelIndex,
                        const std::atomic<bool>* cancel) {
    checkCancel(cancel);
    LayerAttack out;
    switch (settings.attack) {
    case AttackKind::Pgd: out = attackPgd(net, pb, layer, settings, cancel); break;
    case AttackKind::L2: out = attackL2(net, pb, layer, settings, constants.meanNorm.at(layer), cancel); break;
    case AttackKind::Random: out = attackRandom(net, pb, layer, settings, modelIndex); break;
    case AttackKind::SteerRefusal: out = attackSteer(net, pb, layer, settings, constants.direction.at(layer)); break;
    case AttackKind::Steer:
        out = attackSteerPaper(net, pb, layer, settings, constants.meanNorm.at(layer), constants.direction.at(layer));
        break;
    case AttackKind::RandomL2:
        out = attackRandomL2(net, pb, layer, settings, constants.meanNorm.at(layer), modelIndex);
        break;
    }
    checkCancel(cancel);
    return out;
}

GroupGenerations generateGroup(const LanguageModel& lm, const PreparedBatch& pb,
                               const std::vector<LayerAttack>& group, const AuditSettings& settings,
                               const std::atomic<bool>* cancel, bool withClean) {
    const bool steer = settings.attack == AttackKind::SteerRefusal;
    const auto B = static_cast<int64_t>(pb.which.size());
    GroupGenerations out;
    Intervention decoding; // the joint edits, plus zeros on the clean rows
    for (size_t k = 0; k < group.size(); ++k) {
        LayerEdit e = group[k].edit;
        at::Tensor& t = steer ? e.direction : e.add; // [nb * B, ...]
        std::vector<at::Tensor> blocks;
        for (size_t j = 0; j < group.size(); ++j) blocks.push_back(j == k ? t : at::zeros_like(t));
        t = at::cat(blocks);
        out.joint.edits.push_back(e);
        if (withClean) t = at::cat({t, at::zeros_like(t.narrow(0, 0, B))});
        decoding.edits.push_back(e);
    }
    for (size_t r = 0; r < group.size() * settings.budgets.size(); ++r) {
        out.promptIds.insert(out.promptIds.end(), pb.batch.prompts.begin(), pb.batch.prompts.end());
        out.which.insert(out.which.end(), pb.which.begin(), pb.which.end());
    }
    std::vector<std::vector<int64_t>> rows = out.promptIds;
    if (withClean) rows.insert(rows.end(), pb.batch.prompts.begin(), pb.batch.prompts.end());
    GenerationOptions g;
    g.maxNewTokens = settings.maxNewTokens;
    g.cancel = cancel;
    g.intervention = &decoding;
    out.tokens = generateGreedy(lm.net(), rows, g).tokens;
    checkCancel(cancel);
    if (withClean) {
        const auto perturbed = static_cast<std::ptrdiff_t>(out.promptIds.size());
        out.cleanTokens.assign(out.tokens.begin() + perturbed, out.tokens.end());
        out.tokens.resize(out.promptIds.size());
    }
    for (const auto& t : out.tokens) out.texts.push_back(decodeAnswer(lm, t));
    return out;
}

std::vector<AuditCell> layerCells(const std::string& modelName, const PromptSet& prompts, const PreparedBatch& pb,
                                  const CleanBehaviour& clean, const LayerAttack& attack, size_t k,
                                  const RowOutcomes& perturbed, const AuditSettings& settings) {
    const size_t B = pb.which.size(), nb = settings.budgets.size();
    std::vector<AuditCell> cells;
    for (size_t bi = 0; bi < nb; ++bi)
        for (size_t b = 0; b < B; ++b) {
            const size_t r = k * nb * B + bi * B + b;
            const AttackRow& row = attack.perBudget[bi].rows[b];
            const int p = pb.which[b];
            AuditCell c;
            c.model = modelName;
            c.prompt = p;
            c.label = prompts.items[static_cast<size_t>(p)].label;
            c.layer = attack.layer;
            c.budget = settings.budgets[bi];
            c.attack = attackName(settings.attack);
            const PromptItem& item = prompts.items[static_cast<size_t>(p)];
            c.target = item.targetIds.empty() ? targetOf(item, settings) : "ids";
            c.eps = row.eps;
            c.deltaL2 = row.deltaL2;
            c.nllClean = clean.nll[b];
            c.nllAttacked = row.nllTrace.back();
            c.clean = clean.texts[b];
            c.attacked = perturbed.texts[r];
            c.cleanVerdict = behaviorName(clean.verdicts[b]);
            c.attackedVerdict = behaviorName(perturbed.verdicts[r]);
            c.rewardClean = clean.scores[b];
            c.rewardAttacked = perturbed.scores[r];
            c.lvs = lvsRow(c.rewardClean, c.rewardAttacked, c.deltaL2, settings.protocol.etaMedian);
            c.lvsMeanRow = lvsRow(c.rewardClean, c.rewardAttacked, c.deltaL2, settings.protocol.etaMean);
            c.success = perturbed.verdicts[r] == Behavior::Complied;
            c.behavior = prompts.behaviorOf(static_cast<size_t>(p));
            c.behaviorId = item.behaviorId;
            cells.push_back(std::move(c));
        }
    return cells;
}

} // namespace auditgap::core
