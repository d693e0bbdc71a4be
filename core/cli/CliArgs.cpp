#include "cli/CliArgs.h"

#include <cmath>
#include <sstream>

#include <nlohmann/json.hpp>

namespace auditgap::core {

namespace {
const std::map<std::string, bool> kTakesValue = {
    {"text", true}, {"jsonl", true}, {"ids", true}, {"steer-layer", true}, {"steer-vector", true},
    {"prompt", true}, {"max-new-tokens", true}, {"device", true}, {"dtype", true}, {"template", true},
    {"special", false}, {"skip-special", false}, {"hidden-states", false}, {"chat", false}, {"json", false},
    {"no-cache", false}, {"quiet", false},
    // audit, attack, lvs, merge, finetune
    {"model", true}, {"prompts", true}, {"layers", true}, {"budgets", true}, {"attack", true}, {"phase", true},
    {"judge", true}, {"judge-template", true}, {"reward", true}, {"out", true}, {"csv", true}, {"shard", true},
    {"seed", true}, {"batch", true}, {"target", true}, {"target-ids", true}, {"layer", true}, {"budget", true},
    {"steps", true}, {"rows", true}, {"eta", true}, {"train", true}, {"eval", true}, {"lr", true},
    {"lora-rank", true}, {"lora-alpha", true}, {"eval-every", true}, {"eval-max-new-tokens", true},
    {"save", true}, {"seeds", true},
    // demo
    {"quick", false}, {"models", true},
};
} // namespace

std::optional<std::string> Args::value(const std::string& k) const {
    auto it = values.find(k);
    if (it == values.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
}

std::vector<std::string> Args::all(const std::string& k) const {
    auto it = values.find(k);
    return it == values.end() ? std::vector<std::string>{} : it->second;
}

std::string Args::require(const std::string& k) const {
    auto v = value(k);
    if (!v) throw UsageError("missing --" + k);
    return *v;
}

double Args::number(const std::string& k, double fallback) const {
    auto v = value(k);
    if (!v) return fallback;
    const auto n = parseNumbers(*v, k);
    if (n.size() != 1) throw UsageError("--" + k + ": expected one number, got '" + *v + "'");
    return n[0];
}

long long Args::integer(const std::string& k, long long fallback) const {
    auto v = value(k);
    if (!v) return fallback;
    try {
        size_t used = 0;
        const long long x = std::stoll(*v, &used);
        if (used == v->size()) return x;
    } catch (const std::exception&) {
    }
    throw UsageError("--" + k + ": expected an integer, got '" + *v + "'");
}

Args parseArgs(const std::vector<std::string>& args, size_t from) {
    Args a;
    for (size_t i = from; i < args.size(); ++i) {
        const std::string& s = args[i];
        if (s.rfind("--", 0) == 0 && s.size() > 2) {
            std::string name = s.substr(2);
            std::optional<std::string> inlineValue;
            if (auto eq = name.find('='); eq != std::string::npos) {
                inlineValue = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            auto it = kTakesValue.find(name);
            if (it == kTakesValue.end()) throw UsageError("unknown option --" + name);
            if (it->second) {
                if (inlineValue) a.values[name].push_back(*inlineValue);
                else if (i + 1 < args.size()) a.values[name].push_back(args[++i]);
                else throw UsageError("--" + name + " needs a value");
            } else {
                a.flags[name] = true;
            }
        } else {
            a.positional.push_back(s);
        }
    }
    return a;
}

std::vector<int64_t> parseIds(const std::string& text, const std::string& flag) {
    std::vector<int64_t> ids;
    std::stringstream ss(text);
    std::string part;
    while (std::getline(ss, part, ',')) {
        if (part.empty()) continue;
        try {
            size_t used = 0;
            const long long v = std::stoll(part, &used);
            if (used != part.size() || v < 0) throw std::invalid_argument("bad");
            ids.push_back(v);
        } catch (const std::exception&) {
            throw UsageError("--" + flag + ": '" + part + "' is not a non-negative integer (expected e.g. 1,2,3)");
        }
    }
    if (ids.empty()) throw UsageError("--" + flag + ": expected a comma-separated list such as 1,2,3");
    return ids;
}

std::vector<double> parseNumbers(const std::string& text, const std::string& flag) {
    std::vector<double> out;
    std::stringstream ss(text);
    std::string part;
    while (std::getline(ss, part, ',')) {
        if (part.empty()) continue;
        double v = 0;
        try {
            size_t used = 0;
            v = std::stod(part, &used);
            if (used != part.size()) throw std::invalid_argument("bad");
        } catch (const std::exception&) {
            throw UsageError("--" + flag + ": '" + part + "' is not a number");
        }
        if (!std::isfinite(v)) throw UsageError("--" + flag + ": '" + part + "' is not a finite number");
        out.push_back(v);
    }
    if (out.empty()) throw UsageError("--" + flag + ": expected a number or a comma-separated list");
    return out;
}

LoadOptions loadOptions(const Args& a) {
    try {
        return parseLoadOptions(a.value("device").value_or(""), a.value("dtype").value_or(""));
    } catch (const Error& e) {
        throw UsageError(e.what());
    }
}

void emit(std::ostream& out, const nlohmann::json& j, bool asJson, const std::function<void()>& human) {
    if (asJson) out << j.dump() << "\n";
    else human();
}

} // namespace auditgap::core
