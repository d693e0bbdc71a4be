#include "ProgressSummary.h"

#include <algorithm>
#include <cmath>

#include "Workspace.h"

namespace auditgap::ui {

namespace {
QString slotName(int slot) {
    return Workspace::slotName(std::clamp(slot, 0, Workspace::kSlots - 1));
}
} // namespace

QString ProgressSummary::timeLeft(double seconds) {
    if (!(seconds >= 0) || !std::isfinite(seconds))
        return tr("time left unknown yet");
    const long s = std::lround(seconds);
    if (s < 60)
        return tr("~%1 s left").arg(std::max(1L, s));
    if (s < 3600)
        return tr("~%1 min left").arg(std::lround(s / 60.0));
    return tr("~%1 h %2 min left").arg(s / 3600).arg((s % 3600) / 60);
}

void ProgressSummary::gridStarted() {
    m_gridPartial.clear();
    m_gridClock.start();
    m_gridStartFraction = -1; // taken at the first report
}

void ProgressSummary::onProgress(const core::ChannelKey& key, qint64 done, qint64 total, double eta) {
    if (key.channel == core::Channel::Estimate || key.channel == core::Channel::Gradients)
        return; // the live tiers are not "work" a user waits for
    m_last = key;
    if (key.channel == core::Channel::Grid) {
        m_gridPartial[{key.slot, key.hook}] = total > 0 ? std::clamp(double(done) / double(total), 0.0, 1.0) : 0.0;
        if (m_gridStartFraction < 0)
            m_gridStartFraction = grid().fraction;
        return;
    }
    m_reports[key] = {done, total, eta};
}

void ProgressSummary::onGridLayer(int slot, int hook) {
    m_gridPartial.erase({slot, hook});
}

ProgressSummary::Line ProgressSummary::grid() const {
    int done = 0, total = 0;
    double partial = 0;
    for (int s = 0; s < Workspace::kSlots; ++s) {
        const auto& sl = m_ws.slots[size_t(s)];
        if (!sl.loaded)
            continue;
        total += sl.info.numLayers + 1;
        done += m_ws.gridHooksDone(s);
    }
    for (const auto& [key, f] : m_gridPartial)
        partial += f;
    Line line;
    line.fraction = total > 0 ? std::clamp((done + partial) / total, 0.0, 1.0) : 0.0;
    double eta = -1;
    const double start = std::max(0.0, m_gridStartFraction);
    if (m_gridClock.isValid() && line.fraction > start + 1e-6)
        eta = m_gridClock.elapsed() / 1000.0 * (1.0 - line.fraction) / (line.fraction - start);
    line.text = done >= total && total > 0 ? tr("LVS grid: all %1 hook points done").arg(total)
                                           : tr("LVS grid: %1 of %2 hook points, %3").arg(done).arg(total).arg(timeLeft(eta));
    return line;
}

std::optional<ProgressSummary::Line> ProgressSummary::current() const {
    if (!m_last)
        return std::nullopt;
    if (m_last->channel == core::Channel::Grid)
        return grid();
    const auto it = m_reports.find(*m_last);
    if (it == m_reports.end())
        return std::nullopt;
    const Report& r = it->second;
    Line line;
    line.fraction = r.total > 0 ? std::clamp(double(r.done) / double(r.total), 0.0, 1.0) : 0.0;
    const QString left = timeLeft(r.eta);
    const QString model = slotName(m_last->slot);
    switch (m_last->channel) {
    case core::Channel::Load:
        line.text = tr("Loading model %1").arg(model);
        break;
    case core::Channel::Hash:
        line.text = tr("Checking the weights of model %1 (SHA-256, for the session file): %2 of %3 MiB, %4")
                        .arg(model).arg(r.done).arg(r.total).arg(left);
        break;
    case core::Channel::Refine:
    case core::Channel::Audit:
        line.text = tr("Full attack at the sliders (%1): %2 of %3 cells, %4").arg(model).arg(r.done).arg(r.total).arg(left);
        break;
    case core::Channel::FineTune:
        line.text = tr("Harmful fine-tuning (%1): %2 of %3 steps, %4").arg(model).arg(r.done).arg(r.total).arg(left);
        break;
    case core::Channel::Dissociate:
        line.text = tr("Building the dissociated twin: step %1 of %2, %3").arg(r.done).arg(r.total).arg(left);
        break;
    case core::Channel::Judge:
        line.text = tr("Judging saved generations: %1 of %2, %3").arg(r.done).arg(r.total).arg(left);
        break;
    case core::Channel::Probe:
        line.text = tr("Linear probes (%1): %2 of %3 hook points, %4").arg(model).arg(r.done).arg(r.total).arg(left);
        break;
    case core::Channel::Patch:
        line.text = tr("Activation patching: %1 of %2 blocks, %3").arg(r.done).arg(r.total).arg(left);
        break;
    default:
        line.text = tr("Working: %1 of %2, %3").arg(r.done).arg(r.total).arg(left);
        break;
    }
    return line;
}

} // namespace auditgap::ui
