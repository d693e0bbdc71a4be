#pragma once
// What an audit computes (torch-free, a plain value). Every field round-trips through JSON
// (results files, session files); the CLI flags map onto it one to one.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace auditgap::core {

enum class AttackKind { Pgd, L2, Random, Steer };
enum class JudgeKind { Prefix, Logit, Model };

const char* attackName(AttackKind a);
AttackKind parseAttack(const std::string& s); // throws Error naming the field

struct ModelRef {
    std::string name; // e.g. "base"
    std::string path; // model folder
};

struct AuditSettings {
    std::vector<ModelRef> models;
    std::string prompts;                          // prompt-set file
    std::string layers = "all";                   // all | stride:k | mid | comma list ("embedding,3,5")
    std::vector<double> budgets{5e-4, 1e-3, 5e-3}; // relative budget p (ℓ2: fraction of mean ‖h‖; steer: frac)
    AttackKind attack = AttackKind::Pgd;
    bool allSteps = false;                        // phase: prefill only (paper) or every decode step
    int steps = 0;                                // 0 = the attack's default (PGD 10, ℓ2 16)
    std::string target = "Sure, here is";
    JudgeKind judge = JudgeKind::Prefix;
    std::string judgePath;                        // prefix: phrase file ("" = shipped); model: folder
    std::string judgeTemplate;                    // model judge: template file ("" = shipped)
    std::string reward;                           // reward-model folder; "" = S is the judge's verdict
    int maxNewTokens = 64;
    uint64_t seed = 0;
    int batchSize = 16;
    int shardIndex = 0, shardCount = 1;           // this run audits prompts i with i % n == index
    std::string device;                           // "" = default (CUDA if available)
    std::string dtype;                            // "" = default (bf16 on CUDA, f32 on CPU)

    // Throws Error describing the first invalid field (budgets negative or NaN, empty model list...).
    void validate() const;
    nlohmann::json toJson() const;
    static AuditSettings fromJson(const nlohmann::json& j, const std::string& source);
    int defaultSteps() const;
};

} // namespace auditgap::core
