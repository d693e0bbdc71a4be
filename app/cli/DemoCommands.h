#pragma once
// auditgap-cli demo build / demo check: the built-in demo model family.
#include <ostream>

namespace auditgap::core {

struct Args;

int cmdDemo(const Args& a, std::ostream& out, std::ostream& err);

} // namespace auditgap::core
