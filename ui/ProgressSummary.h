#pragma once
// What the status bar says about running work, in the user's words: one line and one overall
// fraction per job family ("LVS grid: 7 of 18 hook points, ~2 min left"), never channel ids.
// The LVS grid's line counts hook points over every loaded model (finished ones from the
// Workspace, the running ones by their progress) and its ETA comes from the progress made since
// the grid (re)started. The other families use the engine's own counts and ETA. GUI thread only.
#include <map>
#include <optional>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QString>

#include "engine/Requests.h"

namespace auditgap::ui {

class Workspace;

class ProgressSummary {
    Q_DECLARE_TR_FUNCTIONS(ProgressSummary)
public:
    struct Line {
        QString text;
        double fraction = 0.0; // of the family's work, 0..1
    };
    explicit ProgressSummary(const Workspace& workspace) : m_ws(workspace) {}

    void gridStarted(); // the grid (re)starts: its ETA clock restarts
    void onProgress(const core::ChannelKey& key, qint64 done, qint64 total, double etaSeconds);
    void onGridLayer(int slot, int hook); // a grid layer is done (the Workspace counts it)
    // The family of the last progress report, or none.
    std::optional<Line> current() const;
    Line grid() const;
    // "~40 s left", "~3 min left", "~1 h 5 min left".
    static QString timeLeft(double seconds);

private:
    struct Report {
        qint64 done = 0, total = 0;
        double eta = -1;
    };
    const Workspace& m_ws;
    std::map<std::pair<int, int>, double> m_gridPartial; // (slot, hook) → fraction done
    std::map<core::ChannelKey, Report> m_reports;
    std::optional<core::ChannelKey> m_last;
    QElapsedTimer m_gridClock;
    double m_gridStartFraction = 0.0;
};

} // namespace auditgap::ui
