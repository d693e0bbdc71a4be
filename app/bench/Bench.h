#pragma once
// auditgap-bench: throughput benchmarks. Every figure is printed beside a baseline measured in
// the same run (raw GEMM throughput), as a ratio; nothing is compared with a wall clock.
#include <iosfwd>
#include <string>
#include <vector>

namespace auditgap::core {

int runBench(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace auditgap::core
