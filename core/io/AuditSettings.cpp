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
    case AttackKind::RandomL2: return "random_l2";
    case AttackKind::SteerRefusal: return "steer_refusal";
    }
    return "?";
}

AttackKind parseAttack(const std::string& s) {
    for (AttackKind a : {AttackKind::Pgd, AttackKind::L2, AttackKind::Random, AttackKind::Steer, AttackKind::RandomL2,
                         AttackKind::SteerRefusal})
        if (s == attackName(a)) return a;
    throw Error(describe("", "attack", "expected pgd, l2, random, random_l2, steer or steer_refusal, got '" + s + "'"));
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
    return attack == AttackKind::L2 ? protocol.l2Steps : protocol.pgdSteps;
}

bool isL2Family(AttackKind a) { return a == AttackKind::L2 || a == AttackKind::RandomL2; }
bool isSteering(AttackKind a) { return a == AttackKind::Steer || a == AttackKind::SteerRefusal; }

namespace {
// What the protocol prescribes for an attack: the ℓ2 attack is judged on longer generations
// (ℓ2-ASR) with its own radius; steering sweeps the protocol's fractions (0 is the clean row).
std::vector<double> protocolBudgets(const Protocol& p, AttackKind attack) {
    if (isL2Family(attack)) return {p.l2Budget};
    if (isSteering(attack)) {
        std::vector<double> f;
        for (double x : p.steerFractions)
            if (x > 0) f.push_back(x);
        return f;
    }
    return p.budgets;
}
// The paper's code injects the ℓ∞ and random δ on the prefill only (the KV cache carries it);
// the ℓ2 direction and the steering vector are added at every position, decode steps included.
bool protocolAllSteps(const Protocol& p, AttackKind attack) {
    return isL2Family(attack) || isSteering(attack) || p.phase == "all";
}
int protocolNewTokens(const Protocol& p, AttackKind attack) {
    return isL2Family(attack) ? p.asrNewTokens : p.lvsNewTokens;
}
// The ℓ2 attack's target is the one of the paper's adaptive_attack.py.
std::string protocolTarget(const Protocol& p, AttackKind attack) { return isL2Family(attack) ? p.l2Target : p.target; }
} // namespace

AuditSettings& AuditSettings::withProtocol(const Protocol& p) {
    protocol = p;
    layers = p.layers;
    budgets = protocolBudgets(p, attack);
    steps = 0;
    target = protocolTarget(p, attack);
    allSteps = protocolAllSteps(p, attack);
    maxNewTokens = protocolNewTokens(p, attack);
    chatTemplate = p.chatTemplate;
    return *this;
}

std::vector<std::string> AuditSettings::protocolDeviations() const {
    std::vector<std::string> d;
    if (layers != protocol.layers) d.push_back("layers");
    if (budgets != protocolBudgets(protocol, attack)) d.push_back("budgets");
    if (steps > 0 && steps != (attack == AttackKind::L2 ? protocol.l2Steps : protocol.pgdSteps)) d.push_back("steps");
    if (target != protocolTarget(protocol, attack)) d.push_back("target");
    if (allSteps != protocolAllSteps(protocol, attack)) d.push_back("phase");
    if (maxNewTokens != protocolNewTokens(protocol, attack)) d.push_back("max_new_tokens");
    if (chatTemplate != protocol.chatTemplate) d.push_back("chat_template");
    return d;
}

std::string AuditSettings::protocolName() const {
    return protocolDeviations().empty() ? protocol.effectiveName() : std::string("custom");
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
    if (targetSource != "protocol" && targetSource != "prompts")
        throw Error(describe("", "target-source", "expected protocol or prompts, got '" + targetSource + "'"));
    if (chatTemplate.empty()) throw Error(describe("", "template", "expected paper, model, none, a template name or a file"));
    protocol.validate();
}

nlohmann::json AuditSettings::toJson() const {
    nlohmann::json j;
    j["models"] = nlohmann::json::array();
    for (const auto& m : models) j["models"].push_back({{"name", m.name}, {"path", m.path}});
    j["prompts"] = prompts;
    j["prompt_format"] = promptFormat.kind;
    j["prompt_fields"] = promptFormat.fields;
    j["prompt_filter"] = {{"categories", promptFilter.categories},
                          {"functional", promptFilter.functional},
                          {"n", promptFilter.n},
                          {"seed", promptFilter.seed}};
    j["layers"] = layers;
    j["budgets"] = budgets;
    j["attack"] = attackName(attack);
    j["phase"] = allSteps ? "all" : "prefill";
    j["steps"] = defaultSteps(); // resolved, for readers
    j["steps_default"] = steps <= 0; // "default" (the protocol's count) round-trips as default
    j["target"] = target;
    j["target_source"] = targetSource;
    j["judge"] = judgeName(judge);
    j["judge_path"] = judgePath;
    j["judge_template"] = judgeTemplate;
    j["judge_stated"] = judge == JudgeKind::Model
                            ? "judge model " + judgePath
                            : std::string(judgeName(judge)) + " judge: the paper's judge (" + protocol.auditJudge +
                                  ") was not given (--judge model:DIR)";
    j["reward"] = reward;
    j["harmful_model"] = harmfulModel;
    j["max_new_tokens"] = maxNewTokens;
    j["seed"] = seed;
    j["batch_size"] = batchSize;
    j["shard"] = {shardIndex, shardCount};
    j["device"] = device;
    j["dtype"] = dtype;
    j["chat_template"] = chatTemplate;
    j["protocol"] = protocol.toJson();
    j["protocol_name"] = protocolName();
    j["protocol_deviations"] = protocolDeviations();
    return j;
}

PromptSet AuditSettings::loadPrompts() const {
    return PromptSet::load(prompts, promptFormat).filtered(promptFilter);
}

AuditSettings AuditSettings::fromJson(const nlohmann::json& j, const std::string& source) {
    AuditSettings s;
    try {
        for (const auto& m : j.at("models")) s.models.push_back({m.at("name").get<std::string>(), m.at("path").get<std::string>()});
        s.prompts = j.at("prompts").get<std::string>();
        s.promptFormat.kind = j.value("prompt_format", std::string("auto"));
        if (j.contains("prompt_fields"))
            s.promptFormat.fields = j.at("prompt_fields").get<std::map<std::string, std::string>>();
        if (j.contains("prompt_filter")) {
            const auto& f = j.at("prompt_filter");
            s.promptFilter.categories = f.at("categories").get<std::vector<std::string>>();
            s.promptFilter.functional = f.at("functional").get<std::vector<std::string>>();
            s.promptFilter.n = f.at("n").get<int>();
            s.promptFilter.seed = f.at("seed").get<uint64_t>();
        }
        s.layers = j.at("layers").get<std::string>();
        s.budgets = j.at("budgets").get<std::vector<double>>();
        s.attack = parseAttack(j.at("attack").get<std::string>());
        s.allSteps = j.at("phase").get<std::string>() == "all";
        s.steps = j.at("steps").get<int>();
        if (j.contains("steps_default") && j.at("steps_default").get<bool>())
            s.steps = 0; // the protocol's count, whatever it resolves to
        s.target = j.at("target").get<std::string>();
        // Before the option existed, a prompt file's target column won where present.
        s.targetSource = j.contains("target_source") ? j.at("target_source").get<std::string>() : "prompts";
        const auto judge = j.at("judge").get<std::string>();
        s.judge = judge == "logit" ? JudgeKind::Logit : judge == "model" ? JudgeKind::Model : JudgeKind::Prefix;
        s.judgePath = j.at("judge_path").get<std::string>();
        s.judgeTemplate = j.at("judge_template").get<std::string>();
        s.reward = j.at("reward").get<std::string>();
        s.harmfulModel = j.value("harmful_model", std::string());
        s.maxNewTokens = j.at("max_new_tokens").get<int>();
        s.seed = j.at("seed").get<uint64_t>();
        s.batchSize = j.at("batch_size").get<int>();
        s.shardIndex = j.at("shard").at(0).get<int>();
        s.shardCount = j.at("shard").at(1).get<int>();
        s.device = j.at("device").get<std::string>();
        s.dtype = j.at("dtype").get<std::string>();
        // Files written before the protocol was recorded hold neither field: their protocol is
        // unknown, reported as the paper's preset with its deviations.
        s.chatTemplate = j.contains("chat_template") ? j.at("chat_template").get<std::string>() : "model";
        if (j.contains("protocol")) s.protocol = Protocol::fromJson(j.at("protocol"), source);
    } catch (const nlohmann::json::exception& e) {
        throw Error(describe(source, "settings", std::string("malformed: ") + e.what()));
    }
    return s;
}

} // namespace auditgap::core
