#include "io/Protocol.h"

#include <cmath>
#include <functional>

#include <nlohmann/json.hpp>

#include "Error.h"

namespace auditgap::core {

namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string s;
    for (size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
    return s;
}

// One row per knob: its JSON key and how to read and write it. The single list that toJson,
// fromJson and the "custom" comparison walk, so a knob cannot be forgotten by one of them.
struct Knob {
    const char* key;
    std::function<nlohmann::json(const Protocol&)> get;
    std::function<void(Protocol&, const nlohmann::json&)> set; // throws nlohmann::json::exception on a wrong type
};

template <class T>
Knob knob(const char* key, T Protocol::*member) {
    return {key, [member](const Protocol& p) { return nlohmann::json(p.*member); },
            [member](Protocol& p, const nlohmann::json& v) { p.*member = v.get<T>(); }};
}

const std::vector<Knob>& knobs() {
    static const std::vector<Knob> all{
        knob("pgd_steps", &Protocol::pgdSteps),
        knob("pgd_step_fraction", &Protocol::pgdStepFraction),
        knob("l2_steps", &Protocol::l2Steps),
        knob("l2_step_fraction", &Protocol::l2StepFraction),
        knob("l2_budget", &Protocol::l2Budget),
        knob("l2_target", &Protocol::l2Target),
        knob("budgets", &Protocol::budgets),
        knob("headline_budget", &Protocol::headlineBudget),
        knob("steer_fractions", &Protocol::steerFractions),
        knob("layers", &Protocol::layers),
        knob("prompts", &Protocol::prompts),
        knob("target", &Protocol::target),
        knob("phase", &Protocol::phase),
        knob("chat_template", &Protocol::chatTemplate),
        knob("lvs_new_tokens", &Protocol::lvsNewTokens),
        knob("asr_new_tokens", &Protocol::asrNewTokens),
        knob("audit_judge", &Protocol::auditJudge),
        knob("finetune_judge", &Protocol::fineTuneJudge),
        knob("eta_mean", &Protocol::etaMean),
        knob("eta_median", &Protocol::etaMedian),
        knob("bootstrap_resamples", &Protocol::bootstrapResamples),
        knob("finetune_steps", &Protocol::fineTuneSteps),
        knob("finetune_eval_every", &Protocol::fineTuneEvalEvery),
        knob("finetune_learning_rate", &Protocol::fineTuneLearningRate),
        knob("finetune_batch", &Protocol::fineTuneBatch),
        knob("finetune_eval_prompts", &Protocol::fineTuneEvalPrompts),
        knob("finetune_eval_new_tokens", &Protocol::fineTuneEvalNewTokens),
        knob("finetune_seeds", &Protocol::fineTuneSeeds),
        knob("onset_threshold", &Protocol::onsetThreshold),
    };
    return all;
}

const char* typeOf(const nlohmann::json& v) {
    return v.is_array() ? "an array of numbers" : v.is_string() ? "a string" : v.is_number_integer() ? "an integer" : "a number";
}

void requireRange(bool ok, const char* field, const std::string& expected) {
    if (!ok) throw Error(describe("", std::string("protocol.") + field, "expected " + expected));
}

} // namespace

const std::vector<std::string>& Protocol::presetNames() {
    static const std::vector<std::string> names{"paper", "quick"};
    return names;
}

Protocol Protocol::named(const std::string& preset) {
    Protocol p;
    if (preset == "paper") return p;
    if (preset == "quick") {
        // Live GUI tiers and the demo family (a width-64, 8-block model): generations long
        // enough for the refusal-prefix judge and the reward model, the demo's fine-tuning
        // scale (1e-4: the paper's 1e-5 barely moves a model of a few million weights).
        p.preset = "quick";
        p.lvsNewTokens = 48;
        p.asrNewTokens = 48;
        p.fineTuneLearningRate = 1e-4;
        p.fineTuneEvalNewTokens = 24;
        return p;
    }
    throw Error(describe("", "preset", "unknown preset '" + preset + "' (expected " + joined(presetNames()) + ")"));
}

std::string Protocol::effectiveName() const {
    Protocol reference;
    try {
        reference = named(preset);
    } catch (const Error&) {
        return "custom";
    }
    for (const auto& k : knobs())
        if (k.get(*this) != k.get(reference)) return "custom";
    return preset;
}

std::string Protocol::label() const {
    const std::string name = effectiveName();
    return name == "paper" ? std::string() : name;
}

void Protocol::validate() const {
    named(preset); // an unknown preset name
    requireRange(pgdSteps >= 1 && pgdSteps <= 10000, "pgd_steps", "1..10000");
    requireRange(std::isfinite(pgdStepFraction) && pgdStepFraction > 0, "pgd_step_fraction", "a number > 0");
    requireRange(l2Steps >= 1 && l2Steps <= 10000, "l2_steps", "1..10000");
    requireRange(std::isfinite(l2StepFraction) && l2StepFraction > 0, "l2_step_fraction", "a number > 0");
    requireRange(std::isfinite(l2Budget) && l2Budget >= 0, "l2_budget", "a number >= 0");
    requireRange(!budgets.empty(), "budgets", "at least one budget");
    for (double b : budgets) requireRange(std::isfinite(b) && b >= 0, "budgets", "finite budgets >= 0");
    requireRange(std::isfinite(headlineBudget) && headlineBudget > 0, "headline_budget", "a number > 0");
    for (double f : steerFractions) requireRange(std::isfinite(f), "steer_fractions", "finite fractions");
    requireRange(!layers.empty(), "layers", "a layer spec (all, stride:k, mid or a list)");
    requireRange(prompts >= 1, "prompts", "an integer >= 1");
    requireRange(!target.empty(), "target", "a non-empty target string");
    requireRange(!l2Target.empty(), "l2_target", "a non-empty target string");
    requireRange(phase == "prefill" || phase == "all", "phase", "prefill or all, got '" + phase + "'");
    requireRange(!chatTemplate.empty(), "chat_template", "paper, model, none, a template name or a file");
    requireRange(lvsNewTokens >= 1 && lvsNewTokens <= 4096, "lvs_new_tokens", "1..4096");
    requireRange(asrNewTokens >= 1 && asrNewTokens <= 4096, "asr_new_tokens", "1..4096");
    requireRange(etaMean > 0 && etaMedian > 0, "eta", "η > 0");
    requireRange(bootstrapResamples >= 0, "bootstrap_resamples", "an integer >= 0");
    requireRange(fineTuneSteps >= 1, "finetune_steps", "an integer >= 1");
    requireRange(fineTuneEvalEvery >= 1, "finetune_eval_every", "an integer >= 1");
    requireRange(std::isfinite(fineTuneLearningRate) && fineTuneLearningRate > 0, "finetune_learning_rate", "a number > 0");
    requireRange(fineTuneBatch >= 1, "finetune_batch", "an integer >= 1");
    requireRange(fineTuneEvalPrompts >= 1, "finetune_eval_prompts", "an integer >= 1");
    requireRange(fineTuneEvalNewTokens >= 1 && fineTuneEvalNewTokens <= 4096, "finetune_eval_new_tokens", "1..4096");
    requireRange(fineTuneSeeds >= 1, "finetune_seeds", "an integer >= 1");
    requireRange(onsetThreshold > 0 && onsetThreshold <= 1, "onset_threshold", "a number in (0, 1]");
}

nlohmann::json Protocol::toJson() const {
    nlohmann::json j;
    j["preset"] = preset;
    j["name"] = effectiveName();
    for (const auto& k : knobs()) j[k.key] = k.get(*this);
    return j;
}

Protocol Protocol::fromJson(const nlohmann::json& j, const std::string& source) {
    if (!j.is_object()) throw Error(describe(source, "protocol", "expected a JSON object"));
    Protocol p;
    if (j.contains("preset")) {
        if (!j.at("preset").is_string())
            throw Error(describe(source, "protocol.preset", "expected a string (" + joined(presetNames()) + ")"));
        try {
            p = named(j.at("preset").get<std::string>());
        } catch (const Error& e) {
            throw Error(describe(source, "", e.what()));
        }
    }
    for (const auto& [key, value] : j.items()) {
        if (key == "preset" || key == "name") continue;
        const Knob* match = nullptr;
        for (const auto& k : knobs())
            if (key == k.key) match = &k;
        if (!match) throw Error(describe(source, "protocol." + key, "unknown field"));
        const nlohmann::json expected = match->get(p);
        try {
            if (expected.is_string() != value.is_string() || expected.is_array() != value.is_array() ||
                (expected.is_number_integer() && !value.is_number_integer()) || (expected.is_number() && !value.is_number()))
                throw Error("");
            match->set(p, value);
        } catch (const std::exception&) {
            throw Error(describe(source, "protocol." + key, std::string("expected ") + typeOf(expected) + ", got " + value.dump()));
        }
    }
    try {
        p.validate();
    } catch (const Error& e) {
        throw Error(describe(source, "", e.what()));
    }
    return p;
}

} // namespace auditgap::core
