#pragma once
// auditgap-cli: the headless front end. Every command takes --json; errors print one line on
// stderr and return a non-zero status (1 = failure, 2 = usage).
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace auditgap::core {

int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// A command implemented outside core (`report` needs Qt's PDF writer), registered by the
// program's main before runCli. It gets the whole argument vector and follows runCli's
// conventions: throw Error (status 1) or return a status; usage mistakes return 2 after printing.
using ExternalCommand = std::function<int(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)>;
void registerCommand(const std::string& name, ExternalCommand command);

} // namespace auditgap::core
