#pragma once
// Command-line parsing shared by the auditgap-cli commands (internal to app/cli). Each command
// declares its positionals and options once (CommandSpec); CLI11 parses them and writes the
// command's --help from the same declaration. The commands then read the values through Args,
// which keeps their own validation and one-line messages.
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "Error.h"
#include "io/AuditSettings.h"
#include "io/PromptSet.h"
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

struct OptionSpec {
    const char* name;      // without the leading "--"
    const char* help;      // one line, with the default where there is one
    bool takesValue = true;
    bool repeatable = false;
};

struct CommandSpec {
    const char* name;        // "audit", "demo build", ...
    const char* positionals; // shown in the usage line ("MODEL_DIR", "SHARD.json...", "")
    const char* summary;
    std::vector<OptionSpec> options;
};

// The spec of a command ("demo build" for the demo's subcommands); nullptr when unknown.
const CommandSpec* commandSpec(const std::string& name);
// Parses args[from..] against `spec`. Throws UsageError for an unknown option, a missing value
// or a repeated single-valued option. Returns nullopt after printing the --help text to `out`.
std::optional<Args> parseCommandArgs(const CommandSpec& spec, const std::vector<std::string>& args, size_t from,
                                     std::ostream& out);
std::vector<int64_t> parseIds(const std::string& text, const std::string& flag = "ids");
std::vector<double> parseNumbers(const std::string& text, const std::string& flag);
LoadOptions loadOptions(const Args& a);
// --prompt-format / --prompt-field and --category / --functional / --n / --subset-seed.
PromptFormat promptFormatOption(const Args& a);
PromptFilter promptFilterOption(const Args& a);
// The prompt file of `flag`, read with the format options and filtered.
PromptSet loadPromptOption(const Args& a, const std::string& flag);
// Repeated --flag NAME=DIR (or DIR: named after the folder); UsageError when none or a name twice.
std::vector<ModelRef> modelRefs(const Args& a, const std::string& flag);
// JSON when asked, else the human form.
void emit(std::ostream& out, const nlohmann::json& j, bool asJson, const std::function<void()>& human);

} // namespace auditgap::core
