#pragma once
// auditgap-cli commands of the intervention engine: audit, attack, lvs, merge, finetune.
#include <ostream>

namespace auditgap::core {

struct Args;

int cmdAudit(const Args& a, std::ostream& out, std::ostream& err);
int cmdAttack(const Args& a, std::ostream& out);
int cmdLvs(const Args& a, std::ostream& out);
int cmdMerge(const Args& a, std::ostream& out);
int cmdFinetune(const Args& a, std::ostream& out, std::ostream& err);

} // namespace auditgap::core
