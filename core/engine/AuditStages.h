#pragma once
// The stages of one audit (DESIGN §1.1-1.3). runAudit (AuditRunner.h) is their pipeline:
//
//   AuditJudges::load          judges and reward model of the audit, once
//   tokenizePrompts            every prompt of the set -> chat-templated ids + target ids
//   attackConstants            per-layer constants of the ℓ2 and steering attacks
//   prepareBatch               a batch of rows: ids, targets, clean activations (cached)
//   cleanBehaviour             clean generation, verdicts, S(y) and target NLL of the batch
//   attackLayer                one hook point, every budget: attackPgd | attackL2 |
//                              attackRandom | attackSteer
//   generateGroup              the perturbed rows of a group of layers in one decode batch
//   AuditJudges::verdicts      judge each generation
//   AuditJudges::scores        S(y') of each generation
//   layerCells                 aggregate one layer's rows into cells
//
// Each stage is a plain function of its inputs; all run on the calling (worker) thread, and
// `cancel` may be set from any thread (the stage then throws Cancelled).
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "intervene/LatentAttack.h"
#include "io/AuditResults.h"
#include "io/PromptSet.h"
#include "metrics/LogitRefusal.h"
#include "metrics/PrefixJudge.h"
#include "model/HookPoint.h"

namespace auditgap::core {

class ActivationCache;
class JudgeModel;
class LanguageModel;
class ModelStore;
class RewardModel;
class Transformer;

// Token ids of every prompt of the set for one model (steering and ℓ2 constants must not
// depend on the shard, so the whole set is tokenized).
struct PromptTokens {
    std::vector<std::vector<int64_t>> ids;     // chat-templated prompt ids, per prompt
    std::vector<std::vector<int64_t>> targets; // target ids, per prompt
    std::vector<std::string> targetTexts;      // the target each prompt was attacked toward
    std::vector<std::string> warnings;         // prompts of this shard truncated to the context
    std::string chatTemplate;                  // the template's name ("" for prompts given as ids)
    std::string firstPromptSha256;             // SHA-256 of the first prompt's rendered text
};
// The target of one prompt under settings.targetSource.
std::string targetOf(const PromptItem& item, const AuditSettings& settings);
// `inShard(i)`: whether prompt i belongs to this shard (only those warn).
PromptTokens tokenizePrompts(const LanguageModel& lm, const PromptSet& prompts, const AuditSettings& settings,
                             const std::string& modelName, const std::vector<bool>& inShard);

// Per-layer constants of the ℓ2 family and the steering attacks; empty for PGD and random:
//  - meanNorm: mean ‖h_l‖ at the last harmful prompt token (ℓ2 radius, paper steering scale);
//  - direction: steer_refusal's unit mean benign - mean harmful, or the paper steering's unit
//    mean harmful-pole - base activation.
// The ℓ2 radius and the paper's steering come from the base model (the audit's first model)
// and are used unchanged for every model, so all face the same radius (referenceConstants).
struct AttackConstants {
    std::map<HookPoint, double> meanNorm;
    std::map<HookPoint, at::Tensor> direction; // [H]
    int64_t hiddenSize = 0;
};
// Whether the attack's constants come from the base model (ℓ2 family, paper steering).
bool usesReferenceConstants(AttackKind attack);
AttackConstants attackConstants(const Transformer& net, const PromptSet& prompts, const PromptTokens& tokens,
                                const std::vector<HookPoint>& layers, const AuditSettings& settings,
                                const std::atomic<bool>* cancel);
// The base's constants; for the paper's steering also the direction toward `harmful` (same
// tokenizer and hidden size; Error otherwise, or without settings.harmfulModel).
AttackConstants referenceConstants(const LanguageModel& base, const LanguageModel* harmful, const PromptSet& prompts,
                                   const PromptTokens& tokens, const std::vector<HookPoint>& layers,
                                   const AuditSettings& settings, const std::atomic<bool>* cancel);

// One batch of rows (prompt indices `which`) ready to attack.
struct PreparedBatch {
    std::vector<int> which;                           // prompt indices, in row order
    AttackBatch batch;                                // ids and targets (no clean activation yet)
    std::vector<int64_t> promptLengths;               // per row
    int64_t paddedLength = 0;                         // Tmax of prompt ++ target
    std::vector<std::vector<at::Tensor>> activations; // per row: every hook point, [T, H]
    // The clean activation of every row at `layer`, right-padded: [B, Tmax, H].
    at::Tensor activationAt(HookPoint layer) const;
};
PreparedBatch prepareBatch(const Transformer& net, const PromptTokens& tokens, const std::vector<int>& which,
                           ActivationCache& cache, const std::string& cacheKey);

// The judges of an audit and its reward model.
class AuditJudges {
public:
    static AuditJudges load(const AuditSettings& settings, ModelStore& store);
    // The logit judge's refusal tokens depend on the model's tokenizer: call once per model.
    void useModel(const LanguageModel& lm);
    // Verdicts of `texts`, generated from `promptIds` (prompt indices `which`) under `iv`.
    std::vector<Behavior> verdicts(const Transformer& net, const PromptSet& prompts, const std::vector<int>& which,
                                   const std::vector<std::vector<int64_t>>& promptIds,
                                   const std::vector<std::string>& texts, const Intervention* iv) const;
    // S(y): the reward model on the text pair (or on prompt ++ answer ids when the prompt was
    // given as ids or the reward model has no tokenizer), else the judge's verdict (1 = refused).
    std::vector<double> scores(const PromptSet& prompts, const std::vector<int>& which,
                               const std::vector<std::vector<int64_t>>& promptIds,
                               const std::vector<std::vector<int64_t>>& answers, const std::vector<std::string>& texts,
                               const std::vector<Behavior>& verdicts, int batch) const;

private:
    std::optional<PrefixJudge> m_prefix;
    std::shared_ptr<JudgeModel> m_model;
    std::vector<std::string> m_logitPhrases;
    std::optional<LogitRefusal> m_logit;
    std::shared_ptr<RewardModel> m_reward;
    bool m_logitJudge = false;
};

// Clean behaviour of a batch: greedy generation, verdicts, S(y), and the target NLL.
struct CleanBehaviour {
    std::vector<std::vector<int64_t>> tokens;
    std::vector<std::string> texts;
    std::vector<Behavior> verdicts;
    std::vector<double> scores;
    std::vector<double> nll;
};
CleanBehaviour cleanBehaviour(const LanguageModel& lm, const PreparedBatch& pb, const PromptSet& prompts,
                              const AuditJudges& judges, const AuditSettings& settings,
                              const std::atomic<bool>* cancel);
// The same from clean answers generated elsewhere (generateGroup's clean rows).
CleanBehaviour cleanBehaviourOf(const LanguageModel& lm, const PreparedBatch& pb, const PromptSet& prompts,
                                const AuditJudges& judges, const AuditSettings& settings,
                                std::vector<std::vector<int64_t>> tokens);

// One hook point attacked at every budget of the settings. `perBudget[bi].rows[b]` is row b's
// outcome at budget bi; `edit` applies all of them to the rows stacked budget-major
// ([nb * B, ...]: budget 0's rows, then budget 1's, ...).
struct LayerAttack {
    HookPoint layer;
    std::vector<AttackResult> perBudget;
    LayerEdit edit;
};
LayerAttack attackPgd(const Transformer& net, const PreparedBatch& pb, HookPoint layer, const AuditSettings& settings,
                      const std::atomic<bool>* cancel);
LayerAttack attackL2(const Transformer& net, const PreparedBatch& pb, HookPoint layer, const AuditSettings& settings,
                     double meanNorm, const std::atomic<bool>* cancel);
// `modelIndex` seeds each row's stream with what the row is (model, prompt, layer, budget),
// never its batch or shard.
LayerAttack attackRandom(const Transformer& net, const PreparedBatch& pb, HookPoint layer,
                         const AuditSettings& settings, size_t modelIndex);
LayerAttack attackSteer(const Transformer& net, const PreparedBatch& pb, HookPoint layer,
                        const AuditSettings& settings, const at::Tensor& direction);
// The settings' attack at `layer`.
LayerAttack attackLayer(const Transformer& net, const PreparedBatch& pb, HookPoint layer,
                        const AuditSettings& settings, const AttackConstants& constants, size_t modelIndex,
                        const std::atomic<bool>* cancel);

// The perturbed generations of a group of layers: every (layer, budget, prompt) row decodes in
// one KV-cached batch, each layer's edit acting only on its own rows (the others get zeros).
// Row r = k * (nb * B) + bi * B + b for layer k of the group, budget bi, prompt row b.
// With `withClean`, the batch's B prompts also decode unperturbed in the same batch (zeros in
// every edit): the clean answers cost a few more rows of a large batch instead of a decode of
// their own at B rows, where a GEMM runs at a fraction of its rate. They come back in
// `cleanTokens` (prompt row b); the per-row fields and `joint` hold the perturbed rows only.
struct GroupGenerations {
    Intervention joint;
    std::vector<int> which;                          // prompt index per row
    std::vector<std::vector<int64_t>> promptIds;     // per row
    std::vector<std::vector<int64_t>> tokens;        // generated, per row
    std::vector<std::string> texts;                  // decoded, per row
    std::vector<std::vector<int64_t>> cleanTokens;   // per prompt row, with `withClean`
};
GroupGenerations generateGroup(const LanguageModel& lm, const PreparedBatch& pb,
                               const std::vector<LayerAttack>& group, const AuditSettings& settings,
                               const std::atomic<bool>* cancel, bool withClean = false);

// The cells of layer `k` of a group (budget-major, then prompt rows).
struct RowOutcomes {
    const std::vector<std::string>& texts;
    const std::vector<Behavior>& verdicts;
    const std::vector<double>& scores;
};
std::vector<AuditCell> layerCells(const std::string& modelName, const PromptSet& prompts, const PreparedBatch& pb,
                                  const CleanBehaviour& clean, const LayerAttack& attack, size_t k,
                                  const RowOutcomes& perturbed, const AuditSettings& settings);

// Text of generated ids: the tokenizer's decode, else the ids separated by spaces.
std::string decodeAnswer(const LanguageModel& lm, const std::vector<int64_t>& ids);

} // namespace auditgap::core
