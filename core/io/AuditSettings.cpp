#include "io/AuditSettings.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "Error.h"

namespace auditgap::core {

const char* attackName(AttackKind a) {
    switch (a) {
    case AttackKind::Pgd: return "pgd";
    case AttackKind::L2: return "l2";
    case AttackKind::Random: return "random";
    case AttackKind::Steer: return "steer";
    }
    return "?";
}

AttackKind parseAttack(const std::string& s) {
    for (AttackKind a : {AttackKind::Pgd, AttackKind::L2, AttackKind::Random, AttackKind::Steer})
        if (s == attackName(a)) return a;
    throw Error(describe("", "attack", "expected pgd, l2, random or steer, got '" + s + "'"));
}

namespace {
const char* judgeName(JudgeKind j) {
    switch (j) {
    case JudgeKind::Prefix: return "prefix";
    case JudgeKind::Logit: return "logit";
    case JudgeKind::Model: return "model";
    }
    return "?";
}
} // namespace

int AuditSettings::defaultSteps() const {
    if (steps > 0) return steps;
    return attack == AttackKind::L2 ? 16 : 10;
}

void AuditSettings::validate() const {
    if (models.empty()) throw Error(describe("", "model", "at least one --model NAME=DIR is required"));
    for (const auto& m : models)
        if (m.name.empty() || m.path.empty()) throw Error(describe("", "model", "expected NAME=DIR"));
    if (prompts.empty()) throw Error(describe("", "prompts", "a prompt file is required"));
    if (budgets.empty()) throw Error(describe("", "budgets", "at least one budget is required"));
    for (double b : budgets)
        if (!std::isfinite(b) || b < 0)
            throw Error(describe("", "budgets", "expected finite budgets >= 0, got " + std::to_string(b)));
    if (maxNewTokens < 1 || maxNewTokens > 4096) throw Error(describe("", "max-new-tokens", "expected 1..4096"));
    if (batchSize < 1) throw Error(describe("", "batch", "expected >= 1"));
    if (steps < 0 || steps > 10000) throw Error(describe("", "steps", "expected 0..10000"));
    if (shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount)
        throw Error(describe("", "shard", "expected i/n with 0 <= i < n"));
    if (target.empty()) throw Error(describe("", "target", "expected a non-empty target string"));
}

nlohmann::json AuditSettings::toJson() const {
    nlohmann::json j;
    j["models"] = nlohmann::json::array();
    for (const auto& m : models) j["models"].push_back({{"name", m.name}, {"path", m.path}});
    j["prompts"] = prompts;
    j["layers"] = layers;
    j["budgets"] = budgets;
    j["attack"] = attackName(attack);
    j["phase"] = allSteps ? "all" : "prefill";
    j["steps"] = defaultSteps();
    j["target"] = target;
    j["judge"] = judgeName(judge);
    j["judge_path"] = judgePath;
    j["judge_template"] = judgeTemplate;
    j["reward"] = reward;
    j["max_new_tokens"] = maxNewTokens;
    j["seed"] = seed;
    j["batch_size"] = batchSize;
    j["shard"] = {shardIndex, shardCount};
    j["device"] = device;
    j["dtype"] = dtype;
    return j;
}

AuditSettings AuditSettings::fromJson(const nlohmann::json& j, const std::string& source) {
    AuditSettings s;
    try {
        for (const auto& m : j.at("models")) s.models.push_back({m.at("name").get<std::string>(), m.at("path").get<std::string>()});
        s.prompts = j.at("prompts").get<std::string>();
        s.layers = j.at("layers").get<std::string>();
        s.budgets = j.at("budgets").get<std::vector<double>>();
        s.attack = parseAttack(j.at("attack").get<std::string>());
        s.allSteps = j.at("phase").get<std::string>() == "all";
        s.steps = j.at("steps").get<int>();
        s.target = j.at("target").get<std::string>();
        const auto judge = j.at("judge").get<std::string>();
        s.judge = judge == "logit" ? JudgeKind::Logit : judge == "model" ? JudgeKind::Model : JudgeKind::Prefix;
        s.judgePath = j.at("judge_path").get<std::string>();
        s.judgeTemplate = j.at("judge_template").get<std::string>();
        s.reward = j.at("reward").get<std::string>();
        s.maxNewTokens = j.at("max_new_tokens").get<int>();
        s.seed = j.at("seed").get<uint64_t>();
        s.batchSize = j.at("batch_size").get<int>();
        s.shardIndex = j.at("shard").at(0).get<int>();
        s.shardCount = j.at("shard").at(1).get<int>();
        s.device = j.at("device").get<std::string>();
        s.dtype = j.at("dtype").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(describe(source, "settings", std::string("malformed: ") + e.what()));
    }
    return s;
}

} // namespace auditgap::core
