#include "SharedSlots.h"

#include <QFileInfo>

namespace auditgap::ui {

namespace {

QString canonical(const QString& path) {
    const QString c = QFileInfo(path).canonicalFilePath();
    return c.isEmpty() ? QFileInfo(path).absoluteFilePath() : c;
}

} // namespace

bool sameWeights(const Workspace::Slot& a, const Workspace::Slot& b) {
    return a.loaded && b.loaded && canonical(a.path) == canonical(b.path) && a.info.device == b.info.device &&
           a.info.dtype == b.info.dtype;
}

std::vector<int> SharedSlots::release(int slot) {
    m_leader[slot] = -1;
    const std::vector<int> freed = followers(slot);
    for (int s : freed)
        m_leader[s] = -1;
    return freed;
}

int SharedSlots::attach(const Workspace& ws, int slot) {
    for (int s = 0; s < Workspace::kSlots; ++s)
        if (s != slot && m_leader[s] < 0 && sameWeights(ws.slots[size_t(s)], ws.slots[size_t(slot)])) {
            m_leader[slot] = s;
            return s;
        }
    return -1;
}

std::vector<int> SharedSlots::followers(int slot) const {
    std::vector<int> out;
    for (int s = 0; s < Workspace::kSlots; ++s)
        if (m_leader[s] == slot)
            out.push_back(s);
    return out;
}

std::vector<int> SharedSlots::sharers(int slot) const {
    std::vector<int> out = followers(slot);
    out.insert(out.begin(), slot);
    return out;
}

std::vector<core::AuditCell> renamed(std::vector<core::AuditCell> cells, const std::string& name) {
    for (auto& c : cells)
        c.model = name;
    return cells;
}

core::AuditResults renamed(core::AuditResults results, const std::string& name) {
    results.cells = renamed(std::move(results.cells), name);
    for (auto& s : results.summaries)
        s.model = name;
    for (auto& m : results.models)
        m.name = name;
    for (auto& m : results.settings.models)
        m.name = name;
    return results;
}

void copyResults(Workspace& ws, int from, int to) {
    const Workspace::Slot& a = ws.slots[size_t(from)];
    Workspace::Slot& b = ws.slots[size_t(to)];
    const std::string name = b.name.toStdString();
    b.cleanEstimate = a.cleanEstimate;
    b.estimate = a.estimate;
    b.estimateBudget = a.estimateBudget;
    b.estimateExact = a.estimateExact;
    b.gradients = a.gradients;
    b.refined = a.refined;
    for (auto& [key, cell] : b.refined)
        cell.model = name;
    b.grid = renamed(a.grid, name);
    b.fineTune = a.fineTune;
    b.fineTuneOnset = a.fineTuneOnset;
}

} // namespace auditgap::ui
