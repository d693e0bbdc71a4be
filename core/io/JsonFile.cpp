#include "io/JsonFile.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "Error.h"

namespace auditgap::core {

nlohmann::json jsonNumber(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

double numberOrNaN(const nlohmann::json& j) {
    return j.is_null() ? std::numeric_limits<double>::quiet_NaN() : j.get<double>();
}

std::string readTextFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(describe(path.string(), "", "cannot open file for reading"));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw Error(describe(path.string(), "", "read error"));
    return buffer.str();
}

nlohmann::json parseJsonText(const std::string& text, const std::string& source) {
    bool tooDeep = false;
    // Nesting is capped: serializing and comparing JSON recurse, so a hostile file nested
    // a million levels deep would otherwise overflow the stack later.
    const nlohmann::json::parser_callback_t depthLimit = [&](int depth, nlohmann::json::parse_event_t,
                                                             nlohmann::json&) {
        if (depth > kMaxJsonDepth)
            tooDeep = true;
        return !tooDeep;
    };
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text, depthLimit);
    } catch (const nlohmann::json::exception& e) {
        // parse_error, and out_of_range for a number literal too large for a double
        throw Error(describe(source, "", std::string("not valid JSON: ") + e.what()));
    }
    if (tooDeep)
        throw Error(describe(source, "", "not accepted: JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"));
    return j;
}

nlohmann::json readJsonFile(const std::filesystem::path& path) {
    return parseJsonText(readTextFile(path), path.string());
}

namespace {
const nlohmann::json& field(const nlohmann::json& obj, const std::string& key,
                            const std::string& source) {
    if (!obj.is_object()) throw Error(describe(source, key, "expected a JSON object around it"));
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) throw Error(describe(source, key, "missing"));
    return *it;
}
} // namespace

int64_t requireInt(const nlohmann::json& obj, const std::string& key, const std::string& source) {
    const auto& v = field(obj, key, source);
    if (!v.is_number_integer()) throw Error(describe(source, key, "expected an integer"));
    return v.get<int64_t>();
}

double requireNumber(const nlohmann::json& obj, const std::string& key,
                     const std::string& source) {
    const auto& v = field(obj, key, source);
    if (!v.is_number()) throw Error(describe(source, key, "expected a number"));
    return v.get<double>();
}

std::string requireString(const nlohmann::json& obj, const std::string& key,
                          const std::string& source) {
    const auto& v = field(obj, key, source);
    if (!v.is_string()) throw Error(describe(source, key, "expected a string"));
    return v.get<std::string>();
}

std::optional<int64_t> optionalInt(const nlohmann::json& obj, const std::string& key,
                                   const std::string& source) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::nullopt;
    if (!it->is_number_integer()) throw Error(describe(source, key, "expected an integer"));
    return it->get<int64_t>();
}

std::optional<double> optionalNumber(const nlohmann::json& obj, const std::string& key,
                                     const std::string& source) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::nullopt;
    if (!it->is_number()) throw Error(describe(source, key, "expected a number"));
    return it->get<double>();
}

std::optional<bool> optionalBool(const nlohmann::json& obj, const std::string& key,
                                 const std::string& source) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::nullopt;
    if (!it->is_boolean()) throw Error(describe(source, key, "expected true or false"));
    return it->get<bool>();
}

} // namespace auditgap::core
