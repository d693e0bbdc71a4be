#pragma once
// Command-line parsing shared by the auditgap-cli commands (internal to core/cli).
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "Error.h"
#include "model/Transformer.h"

namespace auditgap::core {

// A wrong flag or value: exit status 2 and a pointer to --help.
struct UsageError : Error {
    using Error::Error;
};

// Flags: --name value (repeatable: every value kept), --name=value, or boolean --name.
// Positionals in order.
struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::vector<std::string>> values;
    std::map<std::string, bool> flags;

    bool has(const std::string& k) const { return values.count(k) || flags.count(k); }
    std::optional<std::string> value(const std::string& k) const; // the last one given
    std::vector<std::string> all(const std::string& k) const;
    std::string require(const std::string& k) const;
    double number(const std::string& k, double fallback) const;   // UsageError when not a number
    long long integer(const std::string& k, long long fallback) const;
};

Args parseArgs(const std::vector<std::string>& args, size_t from);
std::vector<int64_t> parseIds(const std::string& text, const std::string& flag = "ids");
std::vector<double> parseNumbers(const std::string& text, const std::string& flag);
LoadOptions loadOptions(const Args& a);
// JSON when asked, else the human form.
void emit(std::ostream& out, const nlohmann::json& j, bool asJson, const std::function<void()>& human);

} // namespace auditgap::core
