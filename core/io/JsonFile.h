#pragma once
// Reading JSON files with errors that name the file and the field.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace auditgap::core {

// JSON text nested deeper than this is refused (it could only be hostile).
constexpr int kMaxJsonDepth = 512;
// Parses JSON text; throws Error("SOURCE: not valid JSON: ...") or one for nesting too deep.
nlohmann::json parseJsonText(const std::string& text, const std::string& source);
// Parses a whole JSON file; throws Error("PATH: not valid JSON: ...") or ("PATH: cannot read").
nlohmann::json readJsonFile(const std::filesystem::path& path);

// Typed field access: throw Error naming `source` and `key` when the field is missing or has
// the wrong type.
int64_t requireInt(const nlohmann::json& obj, const std::string& key, const std::string& source);
double requireNumber(const nlohmann::json& obj, const std::string& key, const std::string& source);
std::string requireString(const nlohmann::json& obj, const std::string& key,
                          const std::string& source);
std::optional<int64_t> optionalInt(const nlohmann::json& obj, const std::string& key,
                                   const std::string& source);
std::optional<double> optionalNumber(const nlohmann::json& obj, const std::string& key,
                                     const std::string& source);
std::optional<bool> optionalBool(const nlohmann::json& obj, const std::string& key,
                                 const std::string& source);

std::string readTextFile(const std::filesystem::path& path);
// Non-finite numbers are written as null and read back as NaN (results and session files).
nlohmann::json jsonNumber(double v);
double numberOrNaN(const nlohmann::json& j);

} // namespace auditgap::core
