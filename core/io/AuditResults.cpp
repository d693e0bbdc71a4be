#include "io/AuditResults.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <tuple>

#include <nlohmann/json.hpp>

#include "Error.h"
#include "io/AtomicFile.h"
#include "io/CsvTable.h"
#include "io/JsonFile.h"

namespace auditgap::core {

namespace {

using json = nlohmann::json;

// NaN is stored as null (JSON has no NaN) and read back as NaN.
json num(double v) { return jsonNumber(v); }
double num(const json& j) { return numberOrNaN(j); }

// A "layer" field: a hook point name, or an error naming the file and the field.
HookPoint layerOf(const json& v, const std::string& source, const std::string& field) {
    const std::string text = v.get<std::string>();
    try {
        return HookPoint::parse(text);
    } catch (const Error&) {
        throw Error(describe(source, field + ".layer",
                             "expected 'embedding', 'embedding_scaled' or a block index, got '" + text + "'"));
    }
}

} // namespace

void AuditResults::sortCells() {
    std::stable_sort(cells.begin(), cells.end(), [](const AuditCell& a, const AuditCell& b) {
        return std::tie(a.model, a.attack, a.layer, a.budget, a.prompt) <
               std::tie(b.model, b.attack, b.layer, b.budget, b.prompt);
    });
}

json AuditResults::toJson() const {
    json j;
    j["format"] = "auditgap-results";
    j["version"] = version;
    j["protocol"] = settings.protocolName();
    j["settings"] = settings.toJson();
    j["models"] = json::array();
    for (const auto& m : models)
        j["models"].push_back({{"name", m.name}, {"path", m.path}, {"sha256", m.sha256}, {"num_layers", m.numLayers},
                               {"chat_template", m.chatTemplate}, {"first_prompt_sha256", m.firstPromptSha256}});
    j["prompt_set"] = {{"source", promptSource}, {"sha256", promptSha256}, {"count", promptCount},
                       {"selection", promptSelection}};
    j["judged_by"] = judgedBy;
    j["cells"] = json::array();
    for (const auto& c : cells)
        j["cells"].push_back({{"model", c.model}, {"prompt", c.prompt}, {"label", c.label}, {"layer", c.layer.name()},
                              {"budget", num(c.budget)}, {"attack", c.attack}, {"target", c.target}, {"eps", num(c.eps)},
                              {"delta_l2", num(c.deltaL2)}, {"nll_clean", num(c.nllClean)},
                              {"nll_attacked", num(c.nllAttacked)}, {"clean", c.clean}, {"attacked", c.attacked},
                              {"clean_verdict", c.cleanVerdict}, {"attacked_verdict", c.attackedVerdict},
                              {"reward_clean", num(c.rewardClean)}, {"reward_attacked", num(c.rewardAttacked)},
                              {"lvs", num(c.lvs)}, {"lvs_mean_row", num(c.lvsMeanRow)}, {"success", c.success},
                              {"behavior", c.behavior}, {"behavior_id", c.behaviorId},
                              {"judge_clean_score", num(c.judgeScoreClean)},
                              {"judge_attacked_score", num(c.judgeScoreAttacked)}});
    j["summary"] = json::array();
    for (const auto& s : summaries)
        j["summary"].push_back({{"model", s.model}, {"layer", s.layer.name()}, {"budget", num(s.budget)}, {"attack", s.attack},
                                {"n", s.n}, {"clean_refusal", num(s.cleanRefusal)}, {"refusal", num(s.refusal)},
                                {"asr", num(s.asr)}, {"lvs_mean", num(s.lvsMean)}, {"lvs_median", num(s.lvsMedian)},
                                {"lvs_lo", num(s.lvsLo)}, {"lvs_hi", num(s.lvsHi)}});
    j["warnings"] = warnings;
    return j;
}

AuditResults AuditResults::fromJson(const json& j, const std::string& source) {
    AuditResults r;
    std::string field = "format";
    try {
        if (j.at("format").get<std::string>() != "auditgap-results")
            throw Error(describe(source, "format", "expected \"auditgap-results\""));
        field = "version";
        r.version = j.at("version").get<int>();
        if (r.version != kResultsVersion)
            throw Error(describe(source, "version", "expected " + std::to_string(kResultsVersion) + ", found " +
                                                        std::to_string(r.version)));
        field = "settings";
        r.settings = AuditSettings::fromJson(j.at("settings"), source);
        field = "models";
        for (const auto& m : j.at("models"))
            r.models.push_back({m.at("name").get<std::string>(), m.at("path").get<std::string>(),
                                m.at("sha256").get<std::string>(), m.at("num_layers").get<int64_t>(),
                                m.value("chat_template", std::string()), m.value("first_prompt_sha256", std::string())});
        field = "prompt_set";
        r.promptSource = j.at("prompt_set").at("source").get<std::string>();
        r.promptSha256 = j.at("prompt_set").at("sha256").get<std::string>();
        r.promptCount = j.at("prompt_set").at("count").get<int64_t>();
        r.promptSelection = j.at("prompt_set").value("selection", std::string());
        r.judgedBy = j.value("judged_by", std::string());
        size_t i = 0;
        for (const auto& c : j.at("cells")) {
            field = "cells[" + std::to_string(i++) + "]";
            AuditCell x;
            x.model = c.at("model").get<std::string>();
            x.prompt = c.at("prompt").get<int>();
            x.label = c.at("label").get<std::string>();
            x.layer = layerOf(c.at("layer"), source, field);
            x.budget = num(c.at("budget"));
            x.attack = c.at("attack").get<std::string>();
            x.target = c.value("target", r.settings.target); // files before targets were recorded
            x.eps = num(c.at("eps"));
            x.deltaL2 = num(c.at("delta_l2"));
            x.nllClean = num(c.at("nll_clean"));
            x.nllAttacked = num(c.at("nll_attacked"));
            x.clean = c.at("clean").get<std::string>();
            x.attacked = c.at("attacked").get<std::string>();
            x.cleanVerdict = c.at("clean_verdict").get<std::string>();
            x.attackedVerdict = c.at("attacked_verdict").get<std::string>();
            x.rewardClean = num(c.at("reward_clean"));
            x.rewardAttacked = num(c.at("reward_attacked"));
            x.lvs = num(c.at("lvs"));
            x.lvsMeanRow = num(c.at("lvs_mean_row"));
            x.success = c.at("success").get<bool>();
            x.behavior = c.value("behavior", std::string()); // files before behaviors were recorded
            x.behaviorId = c.value("behavior_id", std::string());
            if (c.contains("judge_clean_score")) x.judgeScoreClean = num(c.at("judge_clean_score"));
            if (c.contains("judge_attacked_score")) x.judgeScoreAttacked = num(c.at("judge_attacked_score"));
            r.cells.push_back(std::move(x));
        }
        i = 0;
        for (const auto& s : j.at("summary")) {
            field = "summary[" + std::to_string(i++) + "]";
            AuditSummary x;
            x.model = s.at("model").get<std::string>();
            x.layer = layerOf(s.at("layer"), source, field);
            x.budget = num(s.at("budget"));
            x.attack = s.at("attack").get<std::string>();
            x.n = s.at("n").get<int64_t>();
            x.cleanRefusal = num(s.at("clean_refusal"));
            x.refusal = num(s.at("refusal"));
            x.asr = num(s.at("asr"));
            x.lvsMean = num(s.at("lvs_mean"));
            x.lvsMedian = num(s.at("lvs_median"));
            x.lvsLo = num(s.at("lvs_lo"));
            x.lvsHi = num(s.at("lvs_hi"));
            r.summaries.push_back(std::move(x));
        }
        field = "warnings";
        r.warnings = j.at("warnings").get<std::vector<std::string>>();
    } catch (const json::exception& e) {
        throw Error(describe(source, field, std::string("malformed: ") + e.what()));
    }
    return r;
}

void AuditResults::save(const std::filesystem::path& path) const { AtomicFile::writeText(path, toJson().dump(1) + "\n"); }

AuditResults AuditResults::load(const std::filesystem::path& path) { return fromJson(readJsonFile(path), path.string()); }

std::string AuditResults::toCsv() const {
    std::string out = "model,prompt,label,layer,budget,attack,eps,delta_l2,nll_clean,nll_attacked,clean_verdict,"
                      "attacked_verdict,reward_clean,reward_attacked,lvs,lvs_mean_row,success,clean,attacked,target,"
                      "chat_template,protocol,behavior_id,behavior,judge_clean_score,judge_attacked_score\n";
    const std::string protocol = settings.protocolName();
    auto templateOf = [this](const std::string& model) {
        for (const auto& m : models)
            if (m.name == model) return m.chatTemplate;
        return std::string();
    };
    for (const auto& c : cells) {
        out += csvField(c.model) + "," + std::to_string(c.prompt) + "," + csvField(c.label) + "," + c.layer.name() + "," +
               csvNumber(c.budget) + "," + csvField(c.attack) + "," + csvNumber(c.eps) + "," + csvNumber(c.deltaL2) + "," +
               csvNumber(c.nllClean) + "," + csvNumber(c.nllAttacked) + "," + c.cleanVerdict + "," + c.attackedVerdict +
               "," + csvNumber(c.rewardClean) + "," + csvNumber(c.rewardAttacked) + "," + csvNumber(c.lvs) + "," +
               csvNumber(c.lvsMeanRow) + "," + (c.success ? "1" : "0") + "," + csvField(c.clean) + "," +
               csvField(c.attacked) + "," + csvField(c.target) + "," + csvField(templateOf(c.model)) + "," + protocol + "," +
               csvField(c.behaviorId) + "," + csvField(c.behavior) + "," + csvNumber(c.judgeScoreClean) + "," +
               csvNumber(c.judgeScoreAttacked) + "\n";
    }
    return out;
}

void AuditResults::saveCsv(const std::filesystem::path& path) const { AtomicFile::writeText(path, toCsv()); }

AuditResults AuditResults::merge(const std::vector<AuditResults>& shards) {
    if (shards.empty()) throw Error(describe("", "merge", "no shard files given"));
    AuditResults out = shards.front();
    const int n = out.settings.shardCount;
    std::vector<bool> seen(static_cast<size_t>(n), false);
    out.cells.clear();
    for (size_t i = 0; i < shards.size(); ++i) {
        const auto& s = shards[i];
        const std::string which = "shard " + std::to_string(s.settings.shardIndex) + "/" + std::to_string(s.settings.shardCount);
        AuditSettings a = s.settings, b = shards.front().settings;
        a.shardIndex = b.shardIndex = 0;
        if (a.toJson() != b.toJson()) throw Error(describe(which, "settings", "differ from the first shard's"));
        if (s.promptSha256 != out.promptSha256) throw Error(describe(which, "prompt_set.sha256", "differs from the first shard's"));
        for (size_t m = 0; m < s.models.size() && m < out.models.size(); ++m)
            if (s.models[m].sha256 != out.models[m].sha256)
                throw Error(describe(which, "models[" + std::to_string(m) + "].sha256", "differs from the first shard's"));
        if (seen[static_cast<size_t>(s.settings.shardIndex)]) throw Error(describe(which, "shard", "given twice"));
        seen[static_cast<size_t>(s.settings.shardIndex)] = true;
        out.cells.insert(out.cells.end(), s.cells.begin(), s.cells.end());
        if (i > 0) out.warnings.insert(out.warnings.end(), s.warnings.begin(), s.warnings.end());
    }
    for (int i = 0; i < n; ++i)
        if (!seen[static_cast<size_t>(i)])
            throw Error(describe("merge", "shard", "shard " + std::to_string(i) + "/" + std::to_string(n) + " is missing"));
    out.settings.shardIndex = 0;
    out.settings.shardCount = 1;
    out.sortCells();
    return out;
}

} // namespace auditgap::core
