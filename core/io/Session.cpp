#include "io/Session.h"

#include <cmath>
#include <limits>

#include "Error.h"
#include "io/AtomicFile.h"
#include "io/JsonFile.h"

namespace auditgap::core {

using json = nlohmann::json;

namespace {

json num(double v) {
    return jsonNumber(v);
}
double num(const json& j) {
    return numberOrNaN(j);
}

json promptJson(const PromptItem& p) {
    json j = {{"prompt", p.prompt}, {"label", p.label}, {"category", p.category}, {"target", p.target}};
    if (!p.response.empty())
        j["response"] = p.response;
    return j;
}

template <typename T>
T viewValue(const json& view, const std::string& key, T fallback, const std::string& source, const char* expected) {
    const auto it = view.find(key);
    if (it == view.end())
        return fallback;
    try {
        return it->get<T>();
    } catch (const json::exception&) {
        throw Error(describe(source, "view." + key, std::string("expected ") + expected + ", found " + it->dump()));
    }
}

} // namespace

double Session::viewNumber(const std::string& key, double fallback, const std::string& source) const {
    if (view.contains(key) && !view.at(key).is_number())
        throw Error(describe(source, "view." + key, "expected a number, found " + view.at(key).dump()));
    return viewValue<double>(view, key, fallback, source, "a number");
}

std::string Session::viewString(const std::string& key, const std::string& fallback, const std::string& source) const {
    return viewValue<std::string>(view, key, fallback, source, "a string");
}

bool Session::viewBool(const std::string& key, bool fallback, const std::string& source) const {
    return viewValue<bool>(view, key, fallback, source, "true or false");
}

void Session::validate(const std::string& source) const {
    if (version != kSessionVersion)
        throw Error(describe(source, "version",
                             "expected " + std::to_string(kSessionVersion) + ", found " + std::to_string(version)));
    for (size_t i = 0; i < models.size(); ++i) {
        const auto& m = models[i];
        const std::string f = "models[" + std::to_string(i) + "]";
        if (m.slot != "A" && m.slot != "B" && m.slot != "C")
            throw Error(describe(source, f + ".slot", "expected \"A\", \"B\" or \"C\", found \"" + m.slot + "\""));
        if (m.path.empty())
            throw Error(describe(source, f + ".path", "expected a model folder"));
        for (size_t k = 0; k < i; ++k)
            if (models[k].slot == m.slot)
                throw Error(describe(source, f + ".slot", "slot " + m.slot + " appears twice"));
    }
    for (size_t i = 0; i < sliders.size(); ++i)
        if (!std::isfinite(sliders[i]) || sliders[i] < 0.0 || sliders[i] > 1.0)
            throw Error(describe(source, "sliders[" + std::to_string(i) + "]",
                                 "expected a relative budget in [0, 1]"));
    if (!view.is_object())
        throw Error(describe(source, "view", "expected a JSON object"));
    if (!environment.is_object())
        throw Error(describe(source, "environment", "expected a JSON object"));
}

PromptSet Session::promptSet(const std::string& source) const {
    PromptSet prompts;
    if (!inlinePrompts.empty()) {
        prompts.items = inlinePrompts;
        prompts.source = "inline";
        prompts.sha256 = promptsSha256;
        return prompts;
    }
    if (promptsPath.empty())
        throw Error(describe(source, "prompts", "expected a prompt-set path or inline prompts"));
    prompts = PromptSet::load(promptsPath);
    if (!promptsSha256.empty() && prompts.sha256 != promptsSha256)
        throw Error(describe(promptsPath, "sha256",
                             "the prompt set changed since the session was saved (expected " + promptsSha256 +
                                 ", found " + prompts.sha256 + ")"));
    return prompts;
}

json Session::toJson() const {
    json j;
    j["format"] = kSessionFormat;
    j["version"] = version;
    j["models"] = json::array();
    for (const auto& m : models)
        j["models"].push_back({{"slot", m.slot}, {"name", m.name}, {"path", m.path}, {"sha256", m.sha256}});
    json prompts = {{"path", promptsPath}, {"sha256", promptsSha256}, {"inline", json::array()}};
    for (const auto& p : inlinePrompts)
        prompts["inline"].push_back(promptJson(p));
    j["prompts"] = prompts;
    j["settings"] = settings.toJson();
    j["sliders"] = json::array();
    for (double s : sliders)
        j["sliders"].push_back(num(s));
    j["linked"] = linked;
    j["results"] = json::array();
    for (const auto& r : results) {
        json curve = json::array();
        for (const auto& p : r.fineTune)
            curve.push_back({{"step", p.step}, {"compliance", num(p.compliance)}, {"refusal", num(p.refusal)},
                             {"loss", num(p.loss)}});
        j["results"].push_back({{"slot", r.slot},
                                {"lvs_grid", r.lvsGrid.toJson()},
                                {"refined", r.refined.toJson()},
                                {"fine_tune", curve},
                                {"fine_tune_onset", r.fineTuneOnset ? json(*r.fineTuneOnset) : json(nullptr)}});
    }
    j["view"] = view;
    j["environment"] = environment;
    return j;
}

Session Session::fromJson(const json& j, const std::string& source) {
    Session s;
    std::string field = "format";
    try {
        if (!j.is_object() || j.at("format").get<std::string>() != kSessionFormat)
            throw Error(describe(source, "format", std::string("expected \"") + kSessionFormat + "\""));
        field = "version";
        s.version = j.at("version").get<int>();
        if (s.version != kSessionVersion)
            throw Error(describe(source, "version", "expected " + std::to_string(kSessionVersion) + ", found " +
                                                        std::to_string(s.version)));
        size_t i = 0;
        for (const auto& m : j.at("models")) {
            field = "models[" + std::to_string(i++) + "]";
            s.models.push_back({m.at("slot").get<std::string>(), m.at("name").get<std::string>(),
                                m.at("path").get<std::string>(), m.at("sha256").get<std::string>()});
        }
        field = "prompts";
        const json& pr = j.at("prompts");
        s.promptsPath = pr.at("path").get<std::string>();
        s.promptsSha256 = pr.at("sha256").get<std::string>();
        i = 0;
        for (const auto& p : pr.at("inline")) {
            field = "prompts.inline[" + std::to_string(i++) + "]";
            PromptItem item;
            item.prompt = p.at("prompt").get<std::string>();
            item.label = p.at("label").get<std::string>();
            item.category = p.at("category").get<std::string>();
            item.target = p.at("target").get<std::string>();
            if (p.contains("response"))
                item.response = p.at("response").get<std::string>();
            item.line = static_cast<int>(i);
            s.inlinePrompts.push_back(std::move(item));
        }
        field = "settings";
        s.settings = AuditSettings::fromJson(j.at("settings"), source);
        field = "sliders";
        for (const auto& v : j.at("sliders"))
            s.sliders.push_back(numberOrNaN(v));
        field = "linked";
        s.linked = j.at("linked").get<bool>();
        i = 0;
        for (const auto& r : j.at("results")) {
            field = "results[" + std::to_string(i++) + "]";
            SessionSlot slot;
            slot.slot = r.at("slot").get<std::string>();
            slot.lvsGrid = AuditResults::fromJson(r.at("lvs_grid"), source + ": " + field + ".lvs_grid");
            slot.refined = AuditResults::fromJson(r.at("refined"), source + ": " + field + ".refined");
            for (const auto& p : r.at("fine_tune"))
                slot.fineTune.push_back({p.at("step").get<int>(), num(p.at("compliance")), num(p.at("refusal")),
                                         num(p.at("loss"))});
            if (!r.at("fine_tune_onset").is_null())
                slot.fineTuneOnset = r.at("fine_tune_onset").get<int>();
            s.results.push_back(std::move(slot));
        }
        field = "view";
        s.view = j.at("view");
        field = "environment";
        if (j.contains("environment"))
            s.environment = j.at("environment");
    } catch (const json::exception& e) {
        throw Error(describe(source, field, std::string("malformed: ") + e.what()));
    }
    s.validate(source);
    return s;
}

std::string Session::serialize() const {
    return toJson().dump(1) + "\n";
}

void Session::save(const std::filesystem::path& path) const {
    validate(path.string());
    AtomicFile::writeText(path, serialize());
}

Session Session::load(const std::filesystem::path& path) {
    return fromJson(readJsonFile(path), path.string());
}

} // namespace auditgap::core
