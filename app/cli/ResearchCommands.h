#pragma once
// auditgap-cli commands of the paper's research workflows on real checkpoints: judge (saved
// generations, offline), probe (a linear probe per layer), patch (activation patching
// base <-> twin) and dissociate (build a dissociated twin).
#include <ostream>

namespace auditgap::core {

struct Args;

int cmdJudge(const Args& a, std::ostream& out, std::ostream& err);
int cmdProbe(const Args& a, std::ostream& out, std::ostream& err);
int cmdPatch(const Args& a, std::ostream& out, std::ostream& err);
int cmdDissociate(const Args& a, std::ostream& out, std::ostream& err);

} // namespace auditgap::core
