#include "engine/AuditRunner.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>

#include "Error.h"
#include "engine/ActivationCache.h"
#include "engine/AuditStages.h"
#include "engine/ModelStore.h"
#include "metrics/AuditSummaries.h"
#include "model/LanguageModel.h"

namespace auditgap::core {

namespace {

// Rows decoded together (layers x budgets x prompts of a group).
constexpr size_t kGenerationRows = 256;

void checkCancel(const std::atomic<bool>* cancel) {
    if (cancel && cancel->load()) throw Cancelled();
}

// What one run needs besides the model at hand.
struct AuditRun {
    const AuditSettings& settings;
    const PromptSet& prompts;
    const AuditCallbacks& cb;
    ActivationCache& cache;
    AuditJudges judges;
    std::vector<bool> inShard; // per prompt
    std::vector<int> rows;     // prompt indices of this shard
    AuditResults res;
    int64_t done = 0, total = 0;
    ModelStore* store = nullptr;
    std::optional<AttackConstants> reference; // the base's ℓ2 radius / paper steering (first model)

    void warn(const std::string& w) {
        res.warnings.push_back(w);
        if (cb.onWarning) cb.onWarning(w);
    }
    void deliver(std::vector<AuditCell> cells) {
        done += static_cast<int64_t>(cells.size());
        if (cb.onCells) cb.onCells(cells);
        res.cells.insert(res.cells.end(), cells.begin(), cells.end());
        if (cb.onProgress) cb.onProgress(done, total);
    }
};

struct ModelPlan {
    std::string name, cacheKey;
    std::shared_ptr<LanguageModel> lm;
    std::vector<HookPoint> layers;
};

// Layers are generated in groups: every (layer, budget, prompt) row of a group decodes in one
// KV-cached batch of up to kGenerationRows rows, each row carrying its own δ.
void auditBatch(AuditRun& run, const ModelPlan& plan, size_t modelIndex, const PromptTokens& tokens,
                const AttackConstants& constants, const std::vector<int>& which) {
    const AuditSettings& s = run.settings;
    const Transformer& net = plan.lm->net();
    checkCancel(run.cb.cancel);
    const PreparedBatch pb = prepareBatch(net, tokens, which, run.cache, plan.cacheKey);
    std::optional<CleanBehaviour> clean; // the clean answers decode with the first group's rows
    const size_t group = std::max<size_t>(1, kGenerationRows / (s.budgets.size() * which.size()));
    for (size_t g0 = 0; g0 < plan.layers.size(); g0 += group) {
        std::vector<LayerAttack> attacks;
        const size_t layersHere = std::min(plan.layers.size(), g0 + group) - g0;
        const int64_t cellsHere = static_cast<int64_t>(layersHere * s.budgets.size() * which.size());
        for (size_t gi = g0; gi < g0 + layersHere; ++gi) {
            attacks.push_back(attackLayer(net, pb, plan.layers[gi], s, constants, modelIndex, run.cb.cancel));
            // The attack is about half of a cell's work: report it as it happens, so progress
            // moves during the attack phase (it sat at 0% for minutes on real models).
            if (run.cb.onProgress)
                run.cb.onProgress(run.done + cellsHere * static_cast<int64_t>(attacks.size()) /
                                                 (2 * static_cast<int64_t>(layersHere)), run.total);
        }
        const GroupGenerations gen = generateGroup(*plan.lm, pb, attacks, s, run.cb.cancel, !clean);
        if (!clean) clean = cleanBehaviourOf(*plan.lm, pb, run.prompts, run.judges, s, gen.cleanTokens);
        const auto verdicts = run.judges.verdicts(net, run.prompts, gen.which, gen.promptIds, gen.texts, &gen.joint);
        const auto scores =
            run.judges.scores(run.prompts, gen.which, gen.promptIds, gen.tokens, gen.texts, verdicts, s.batchSize);
        for (size_t k = 0; k < attacks.size(); ++k)
            run.deliver(layerCells(plan.name, run.prompts, pb, *clean, attacks[k], k, {gen.texts, verdicts, scores}, s));
    }
}

// The ℓ2 family and the paper's steering take their radius (and direction) from the base model,
// the audit's first model, for every model; the other attacks their own.
AttackConstants constantsFor(AuditRun& run, const ModelPlan& plan, const PromptTokens& tokens) {
    const AuditSettings& s = run.settings;
    if (!usesReferenceConstants(s.attack))
        return attackConstants(plan.lm->net(), run.prompts, tokens, plan.layers, s, run.cb.cancel);
    if (!run.reference) {
        std::shared_ptr<LanguageModel> harmful;
        if (!s.harmfulModel.empty()) harmful = run.store->model(s.harmfulModel, s.device, s.dtype);
        run.reference = referenceConstants(*plan.lm, harmful.get(), run.prompts, tokens, plan.layers, s, run.cb.cancel);
    }
    if (plan.lm->net().config().hiddenSize != run.reference->hiddenSize)
        throw Error(describe(plan.lm->directory().string(), "hidden_size",
                             "the " + std::string(attackName(s.attack)) + " attack uses the base model's (" +
                                 s.models.front().name + ") radius for every model, which needs its hidden size (" +
                                 std::to_string(run.reference->hiddenSize) + ")"));
    return *run.reference;
}

void auditModel(AuditRun& run, const ModelPlan& plan, size_t modelIndex) {
    const AuditSettings& s = run.settings;
    const PromptTokens tokens = tokenizePrompts(*plan.lm, run.prompts, s, plan.name, run.inShard);
    for (const auto& w : tokens.warnings) run.warn(w);
    run.res.models[modelIndex].chatTemplate = tokens.chatTemplate;
    run.res.models[modelIndex].firstPromptSha256 = tokens.firstPromptSha256;
    run.judges.useModel(*plan.lm);
    const AttackConstants constants = constantsFor(run, plan, tokens);
    const auto batch = static_cast<size_t>(s.batchSize);
    for (size_t start = 0; start < run.rows.size(); start += batch) {
        const auto first = run.rows.begin() + static_cast<std::ptrdiff_t>(start);
        const std::vector<int> which(first, first + static_cast<std::ptrdiff_t>(std::min(batch, run.rows.size() - start)));
        auditBatch(run, plan, modelIndex, tokens, constants, which);
    }
}

// Before any weights load: a model without tokenizer.json cannot read text prompts or text
// targets; say so naming the model's file and the first prompt that needs it (not a prompt
// field after minutes of loading).
void checkTokenizers(const AuditSettings& settings, const PromptSet& prompts) {
    const PromptItem* needs = nullptr;
    for (const auto& item : prompts.items)
        if (item.ids.empty() || item.targetIds.empty()) {
            needs = &item;
            break;
        }
    if (!needs) return;
    for (const auto& ref : settings.models) {
        std::error_code ec;
        const std::filesystem::path dir(ref.path);
        if (!std::filesystem::is_directory(dir, ec) || std::filesystem::is_regular_file(dir / "tokenizer.json", ec)) continue;
        const std::string what = needs->ids.empty() ? "a text prompt" : "a text target";
        throw Error(describe((dir / "tokenizer.json").string(), "",
                             "missing: model '" + ref.name + "' has no tokenizer, and " + prompts.source + ":" +
                                 std::to_string(needs->line) + " has " + what +
                                 " (give token ids as \"ids\" and \"target_ids\", or add the model's tokenizer.json)"));
    }
}

} // namespace

AuditResults runAudit(const AuditSettings& settings, const AuditCallbacks& cb, ModelStore* store,
                      ActivationCache* cache) {
    settings.validate();
    return runAudit(settings, settings.loadPrompts(), cb, store, cache);
}

AuditResults runAudit(const AuditSettings& settings, const PromptSet& prompts, const AuditCallbacks& cb,
                      ModelStore* store, ActivationCache* cache) {
    settings.validate();
    checkTokenizers(settings, prompts);
    ModelStore localStore;
    ActivationCache localCache;
    if (!store) store = &localStore;
    AuditRun run{settings, prompts, cb, cache ? *cache : localCache, {}, {}, {}, {}, 0, 0, store, std::nullopt};
    run.res.settings = settings;
    run.res.promptSource = prompts.source;
    run.res.promptSha256 = prompts.sha256;
    run.res.promptCount = static_cast<int64_t>(prompts.items.size());
    run.res.promptSelection = prompts.selection;
    for (size_t i = 0; i < prompts.items.size(); ++i) {
        run.inShard.push_back(static_cast<int>(i % static_cast<size_t>(settings.shardCount)) == settings.shardIndex);
        if (run.inShard.back()) run.rows.push_back(static_cast<int>(i));
    }
    if (!cb.promptsFirst.empty()) {
        const std::set<int> first(cb.promptsFirst.begin(), cb.promptsFirst.end());
        std::stable_partition(run.rows.begin(), run.rows.end(), [&](int i) { return first.count(i) > 0; });
    }
    run.store = store;
    run.judges = AuditJudges::load(settings, *store);
    std::vector<ModelPlan> plans;
    for (const auto& ref : settings.models) {
        checkCancel(cb.cancel);
        ModelPlan p{ref.name, ref.path + "|" + settings.device + "|" + settings.dtype,
                    store->model(ref.path, settings.device, settings.dtype), {}};
        const int64_t numLayers = p.lm->net().config().numLayers;
        p.layers = HookPoint::resolve(settings.layers, numLayers);
        run.res.models.push_back({ref.name, ref.path, p.lm->hash(), numLayers, "", ""});
        run.total += static_cast<int64_t>(run.rows.size() * p.layers.size() * settings.budgets.size());
        plans.push_back(std::move(p));
    }
    if (cb.onProgress) cb.onProgress(0, run.total);
    for (size_t mi = 0; mi < plans.size(); ++mi) auditModel(run, plans[mi], mi);
    summarize(run.res);
    return std::move(run.res);
}

} // namespace auditgap::core
