#pragma once
// Slots on the same weights share their results. Two slots hold the same weights when they load
// the same folder (canonical path) on the same device in the same dtype: the engine already
// shares the mapping (core::ModelStore), and every result of one is the other's. The slot loaded
// first computes (the leader); a slot loaded later on the same weights follows it: it is given a
// copy of the leader's results so far and of every later one, under its own model name, and asks
// the engine for nothing itself. When a leader loads other weights, its followers compute on
// their own again, from the results they hold. GUI thread only; no widgets.
#include <string>
#include <vector>

#include "Workspace.h"

namespace auditgap::ui {

class SharedSlots {
public:
    // `slot` has just loaded new weights: it follows nobody, and the slots that followed it are
    // released. Returns them: they compute on their own from now on.
    std::vector<int> release(int slot);
    // After release(): the leader `slot` now follows (a loaded slot on the same weights that
    // follows nobody), or -1 if none; the slot follows it from now on.
    int attach(const Workspace& ws, int slot);
    int leaderOf(int slot) const { return m_leader[slot]; }
    bool follows(int slot) const { return m_leader[slot] >= 0; }
    // The slots that follow `slot`; sharers: `slot` and them, where a result for `slot` goes.
    std::vector<int> followers(int slot) const;
    std::vector<int> sharers(int slot) const;

private:
    int m_leader[Workspace::kSlots] = {-1, -1, -1};
};

// Whether two loaded slots hold the same weights (folder, device, dtype).
bool sameWeights(const Workspace::Slot& a, const Workspace::Slot& b);
// A result of one model as another's: every model name in it becomes `name`.
core::AuditResults renamed(core::AuditResults results, const std::string& name);
std::vector<core::AuditCell> renamed(std::vector<core::AuditCell> cells, const std::string& name);
// Copies every result of slot `from` into slot `to` (estimates, gradients, refined cells, the
// LVS grid, the fine-tuning curve), renamed to `to`'s model.
void copyResults(Workspace& ws, int from, int to);

} // namespace auditgap::ui
