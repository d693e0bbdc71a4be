#pragma once
// auditgap-cli protocol show / reference show: the audit protocol in effect, and the paper's
// released results as a read-only reference.
#include <ostream>

namespace auditgap::core {

struct Args;

int cmdProtocol(const Args& a, std::ostream& out);
int cmdReference(const Args& a, std::ostream& out);

} // namespace auditgap::core
