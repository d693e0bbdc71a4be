#pragma once
// What an audit computes (torch-free, a plain value). Every field round-trips through JSON
// (results files, session files); the CLI flags map onto it one to one.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "io/PromptSet.h"
#include "io/Protocol.h"

namespace auditgap::core {

// pgd: the paper's ℓ∞ PGD; l2: the adaptive ℓ2 attack; random: the ℓ∞ control (uniform in the
// box); random_l2: the ℓ2 control (a random direction of the same norm); steer: the paper's
// steering (unit harmful-pole minus base mean activation, scaled by a fraction of the base's
// mean activation norm); steer_refusal: the difference-of-means variant from prompt groups
// (unit mean benign - mean harmful, scaled by each position's own norm).
enum class AttackKind { Pgd, L2, Random, Steer, RandomL2, SteerRefusal };
enum class JudgeKind { Prefix, Logit, Model };

const char* attackName(AttackKind a);
AttackKind parseAttack(const std::string& s); // throws Error naming the field
bool isL2Family(AttackKind a);  // l2, random_l2: one δ ∈ R^H, radius from the base's mean ‖h‖
bool isSteering(AttackKind a);  // steer, steer_refusal

struct ModelRef {
    std::string name; // e.g. "base"
    std::string path; // model folder
};

// The fields an audit reads. Their defaults are the paper's protocol (Protocol{}); a
// preset's values come in through withProtocol(), and a flag or a GUI control then overrides a
// field. `protocol` keeps the preset the audit started from, so every output records the
// protocol and the fields that deviate from it (protocolDeviations()).
struct AuditSettings {
    std::vector<ModelRef> models;
    std::string prompts;                          // prompt-set file
    PromptFormat promptFormat;                    // how it is read (auto: by extension and header)
    PromptFilter promptFilter;                    // which of its prompts are audited (empty: all)
    std::string layers = Protocol{}.layers;       // all | stride:k | mid | comma list ("embedding,3,5")
    std::vector<double> budgets = Protocol{}.budgets; // relative budget p (ℓ2: fraction of mean ‖h‖; steer: frac)
    AttackKind attack = AttackKind::Pgd;
    bool allSteps = false;                        // phase: prefill only (paper) or every decode step
    int steps = 0;                                // 0 = the protocol's steps for the attack (PGD 10, ℓ2 16)
    std::string target = Protocol{}.target;
    // Which target an audit uses: "protocol" (--target, the paper's fixed string, for every
    // prompt; a prompt file's target column is then ignored with a warning) or "prompts" (the
    // prompt file's target where a row has one, --target elsewhere). Every cell records its target.
    std::string targetSource = "protocol";
    JudgeKind judge = JudgeKind::Prefix;
    std::string judgePath;                        // prefix: phrase file ("" = shipped); model: folder
    std::string judgeTemplate;                    // model judge: template file ("" = shipped)
    std::string reward;                           // reward-model folder; "" = S is the judge's verdict
    std::string harmfulModel;                     // the harmful pole (the paper's steering direction)
    int maxNewTokens = Protocol{}.lvsNewTokens;
    std::string chatTemplate = Protocol{}.chatTemplate; // paper | model | none | a template name | FILE
    uint64_t seed = 0;
    int batchSize = 16;
    int shardIndex = 0, shardCount = 1;           // this run audits prompts i with i % n == index
    std::string device;                           // "" = default (CUDA if available)
    std::string dtype;                            // "" = the rule (docs/runtime.md: bf16 on CUDA; on the CPU bf16 for a bf16 checkpoint with native bf16, else f32)
    Protocol protocol;                            // the preset the settings started from

    // The protocol's values for `attack` (layers, budgets, steps, target, phase, new tokens,
    // chat template); the other fields are kept.
    AuditSettings& withProtocol(const Protocol& p);
    // The fields whose value differs from the protocol's for this attack ("max_new_tokens", ...).
    std::vector<std::string> protocolDeviations() const;
    // "paper", "quick", or "custom" once a field deviates from the protocol.
    std::string protocolName() const;

    // Throws Error describing the first invalid field (budgets negative or NaN, empty model list...).
    void validate() const;
    nlohmann::json toJson() const;
    static AuditSettings fromJson(const nlohmann::json& j, const std::string& source);
    int defaultSteps() const;
    // The prompt file read with promptFormat, then promptFilter applied.
    PromptSet loadPrompts() const;
};

} // namespace auditgap::core
