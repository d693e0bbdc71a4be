#pragma once
// The views and docks of the workbench: one column of heatmaps per model slot (A | B | C), the
// audit-gap plot, the LVS layer profiles and the fine-tuning curves below them, and the cell
// detail dock. They draw the Workspace with the session's view state (colormap, scale,
// difference view, aggregation); they never compute. Repaints are coalesced: at most one every
// 40 ms (the first at once); a live estimate of one model only redraws that model's refusal
// heatmap. GUI thread only.
#include <functional>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include "QtPlot.h"
#include "Workspace.h"

class QAction;
class QActionGroup;
class QDockWidget;
class QTextBrowser;
class QWidget;

namespace auditgap::ui {

class AuditGapPlot;
class CurvePlot;
class ModelColumn;

class WorkbenchViews : public QObject {
    Q_OBJECT
public:
    // `parent` (the main window) owns the widgets; `view` is the session's view state, which
    // the View menu's actions (made here) change.
    WorkbenchViews(const Workspace& workspace, SessionView& view, QWidget* parent);

    QWidget* central() const { return m_central; }
    QDockWidget* detailDock() const { return m_detailDock; }
    ModelColumn* column(int slot) const { return m_columns[slot]; }
    AuditGapPlot* gapPlot() const { return m_gap; }
    CurvePlot* profilePlot() const { return m_profile; }
    CurvePlot* fineTunePlot() const { return m_fineTune; }
    CurvePlot* researchPlot() const { return m_research; }
    // Every plot with the file stem its exports get ("audit_gap", "refusal_A", ...).
    std::vector<std::pair<QCustomPlot*, QString>> plots() const;

    // The View menu: difference view, log scale, aggregation (median | mean), colormaps.
    QAction* differenceAction() const { return m_diff; }
    QAction* logScaleAction() const { return m_log; }
    QAction* medianAction() const { return m_median; }
    QAction* meanAction() const { return m_mean; }
    QActionGroup* colormapActions() const { return m_colormaps; }
    void setDifferenceView(bool on);
    void setAggregation(Aggregation a);
    void setColormap(const QString& name); // an unknown name falls back to viridis
    void setLogScale(bool on);
    void syncActions(); // the actions' checks from the view state (after a session opened)

    // slot >= 0: only that model's refusal heatmap (a live estimate arrived); -1 everything.
    void scheduleRefresh(int slot = -1);
    void refreshNow();
    void retranslate();
    // The detail of a refusal-heatmap cell (row 0 = clean, r = hook r - 1) in the dock.
    void showCellDetail(int slot, int row, int col);

Q_SIGNALS:
    void viewStateChanged(); // by a View action or setter (the session is unsaved then)
    // A plot's context menu was asked for (the exports offer their formats there).
    void plotMenuRequested(QCustomPlot* plot, const QPoint& pos, const QString& stem);
    // The refusal heatmaps (zoomed together along the prompts) show prompts first..last.
    void promptsInViewChanged(int first, int last);

private:
    void buildActions();
    static QString judgeLabel(const core::AuditSettings& settings);
    void viewChanged();
    void refreshRefusal(int slot);
    void flush();
    void showColumn(int slot, const std::vector<HeatmapMatrix>& refusal, const std::vector<HeatmapMatrix>& lvs,
                    const std::vector<double>& markers, double lvsHi);
    QString refusalTooltip(int slot, int row, int col) const;
    QString lvsTooltip(int slot, int row, int col) const;

    const Workspace& m_ws;
    SessionView& m_view;
    QAction *m_diff = nullptr, *m_log = nullptr, *m_median = nullptr, *m_mean = nullptr;
    QActionGroup* m_colormaps = nullptr;
    QWidget* m_central = nullptr;
    ModelColumn* m_columns[Workspace::kSlots] = {};
    AuditGapPlot* m_gap = nullptr;
    CurvePlot* m_profile = nullptr;
    CurvePlot* m_fineTune = nullptr;
    CurvePlot* m_research = nullptr;
    QDockWidget* m_detailDock = nullptr;
    QTextBrowser* m_detail = nullptr;
    QTimer m_refreshTimer;
    QElapsedTimer m_sinceRefresh;
    bool m_dirtyAll = false;
    bool m_syncingZoom = false; // the refusal heatmaps follow one zoom at a time
    bool m_dirtyRefusal[Workspace::kSlots] = {};
};

} // namespace auditgap::ui
