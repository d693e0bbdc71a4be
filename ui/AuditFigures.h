#pragma once
// What the bottom plots draw, computed from a workspace, for the main window and the audit
// report alike: the audit-gap points (clean refusal with its Wilson interval against the LVS at
// the nudge hook point and the plot budget), the LVS layer profiles with CI bands and the harmful
// fine-tuning curves, and the labels that go with them. GUI thread only.
#include <vector>

#include <QColor>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include "AuditGapPlot.h"
#include "CurvePlot.h"
#include "HeatmapView.h"
#include "Workspace.h"

namespace auditgap::ui {

struct AuditFigureData {
    int hook = 0;       // the audit-gap plot's hook point
    double budget = 0;  // the grid budget of the gap plot and the profiles
    Aggregation aggregation = Aggregation::Median;
    std::vector<GapPoint> points;
    std::vector<CurveSeries> profiles;
    std::vector<CurveSeries> fineTuning;
    QStringList hookLabels;
};

class AuditFigures {
    Q_DECLARE_TR_FUNCTIONS(AuditFigures)
public:
    static QColor slotColor(int slot);
    // "A · base"
    static QString modelLabel(const Workspace& ws, int slot);
    // The demo's (or the session's) nudge hook point when it exists, else the middle one.
    static int gapHook(const Workspace& ws, int nudgeHook);
    // The grid budget nearest the headline budget (log distance).
    static double plotBudget(const Workspace& ws, double headline);
    static AuditFigureData compute(const Workspace& ws, int hook, double budget, Aggregation aggregation);
    // The workspace's read-only references (the paper's released results) as extra profiles and
    // audit-gap points, at the paper's budget nearest the plot budget.
    static void addReferences(const Workspace& ws, AuditFigureData& d);
    // Puts the data (and translated titles) on the three plots; any of them may be null.
    static void show(const AuditFigureData& data, AuditGapPlot* gap, CurvePlot* profile, CurvePlot* fineTuning);
    static QString number(double v, int digits = 3); // "–" for NaN

    // The LVS colour range shared by every column: [smallest positive (log scale) or 0, largest].
    struct LvsRange {
        double lo = 0.0, minPositive = 1e-3, hi = 1.0;
    };
    static LvsRange lvsRange(const std::vector<HeatmapMatrix>& lvs);
    // One model's heatmaps in the sequential colormap `colormap` (refusal on [0, 1], LVS on the
    // shared range, linear or log), with the slider-budget markers and the translated titles.
    static void showRefusal(HeatmapView* view, const HeatmapMatrix& refusal, const QString& colormap);
    static void showLvs(HeatmapView* view, const HeatmapMatrix& lvs, const QString& colormap, bool logScale,
                        const LvsRange& range, const std::vector<double>& markers);
};

} // namespace auditgap::ui
