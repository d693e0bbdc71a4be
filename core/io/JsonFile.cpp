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

nlohmann::json readJsonFile(const std::filesystem::path& path) {
    const std::string text = readTextFile(path);
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(describe(path.string(), "", std::string("not valid JSON: ") + e.what()));
    }
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
