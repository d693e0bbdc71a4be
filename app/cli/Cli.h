#pragma once
// auditgap-cli: the headless front end. Every command takes --json; errors print one line on
// stderr and return a non-zero status (1 = failure, 2 = usage).
#include <iosfwd>
#include <string>
#include <vector>

namespace auditgap::core {

int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace auditgap::core
