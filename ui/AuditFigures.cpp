#include "AuditFigures.h"

#include "AttackPanelSettings.h"

#include <algorithm>
#include <cmath>

#include "Colormaps.h"

namespace auditgap::ui {

QColor AuditFigures::slotColor(int slot) {
    static const QColor colors[Workspace::kSlots] = {QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28),
                                                     QColor(0x2c, 0xa0, 0x2c)};
    return colors[std::clamp(slot, 0, Workspace::kSlots - 1)];
}

QString AuditFigures::modelLabel(const Workspace& ws, int slot) {
    return tr("%1 · %2").arg(Workspace::slotName(slot), ws.slots[size_t(slot)].name);
}

int AuditFigures::gapHook(const Workspace& ws, int nudgeHook) {
    if (nudgeHook >= 0 && nudgeHook < ws.hookCount())
        return nudgeHook;
    return std::max(0, ws.hookCount() / 2);
}

double AuditFigures::plotBudget(const Workspace& ws, double headline) {
    double best = ws.budgetGrid.empty() ? headline : ws.budgetGrid.front();
    for (double b : ws.budgetGrid)
        if (std::abs(std::log(b / headline)) < std::abs(std::log(best / headline)))
            best = b;
    return best;
}

QString AuditFigures::number(double v, int digits) {
    return std::isfinite(v) ? QString::number(v, 'g', digits) : QStringLiteral("–");
}

AuditFigureData AuditFigures::compute(const Workspace& ws, int hook, double budget, Aggregation aggregation) {
    AuditFigureData d;
    d.hook = hook;
    d.budget = budget;
    d.aggregation = aggregation;
    for (int h = 0; h < ws.hookCount(); ++h)
        d.hookLabels << Workspace::hookLabel(h);
    for (int s = 0; s < Workspace::kSlots; ++s) {
        const auto& sl = ws.slots[size_t(s)];
        if (!sl.loaded)
            continue;
        const QString name = modelLabel(ws, s);
        const Interval cr = ws.cleanRefusal(ws.refusal(s));
        const Interval lv = ws.lvsAt(s, hook, budget, aggregation);
        d.points.push_back({name, slotColor(s), cr.value, cr.lo, cr.hi, lv.value, lv.lo, lv.hi});
        CurveSeries prof{name, slotColor(s), {}, {}, {}, {}};
        for (int h = 0; h <= sl.info.numLayers; ++h) {
            const Interval v = ws.lvsAt(s, h, budget, aggregation);
            prof.x.push_back(h);
            prof.y.push_back(v.value);
            prof.lo.push_back(v.lo);
            prof.hi.push_back(v.hi);
        }
        d.profiles.push_back(prof);
        CurveSeries ft{sl.fineTuneOnset ? tr("%1 (t₀.₈ = %2)").arg(name).arg(*sl.fineTuneOnset) : name, slotColor(s), {}, {}, {}, {}};
        for (const auto& p : sl.fineTune) {
            ft.x.push_back(p.step);
            ft.y.push_back(p.compliance);
        }
        if (!ft.x.empty())
            d.fineTuning.push_back(ft);
    }
    addReferences(ws, d);
    return d;
}

void AuditFigures::addReferences(const Workspace& ws, AuditFigureData& d) {
    // Read-only references, muted and labelled with their source and budget; their depth is
    // scaled onto this workspace's hook axis.
    const double axis = std::max(1, ws.hookCount() - 1);
    for (const auto& ref : ws.references) {
        double budget = 0;
        const ReferenceModel::Profile* p = ref.nearest(d.budget, &budget);
        if (!p)
            continue;
        const QColor color = ref.label.endsWith(QLatin1String("base"))          ? QColor(0x7f, 0xa7, 0xc9)
                             : ref.label.endsWith(QLatin1String("dissociated")) ? QColor(0xc9, 0x8f, 0xc9)
                                                                                 : QColor(0xc9, 0x8f, 0x8f);
        const QString name = tr("%1 (reference, p = %2, depth-scaled)").arg(ref.label, Workspace::budgetLabel(budget));
        CurveSeries prof{name, color, {}, p->lvs, p->lo, p->hi};
        for (double x : p->depth)
            prof.x.push_back(x * axis);
        d.profiles.push_back(prof);
        if (std::isfinite(ref.cleanRefusal))
            d.points.push_back({tr("%1 (reference, nudge layer, p = %2)").arg(ref.label, Workspace::budgetLabel(budget)), color,
                                ref.cleanRefusal, ref.cleanRefusal, ref.cleanRefusal, p->nudgeLvs, p->nudgeLo, p->nudgeHi});
    }
}

void AuditFigures::show(const AuditFigureData& d, AuditGapPlot* gap, CurvePlot* profile, CurvePlot* fineTuning) {
    const QString agg = d.aggregation == Aggregation::Median ? tr("median") : tr("mean");
    if (gap)
        gap->setPoints(d.points, tr("LVS (%1), layer %2").arg(agg, Workspace::hookLabel(d.hook)),
                       tr("Audit gap (p = %1)").arg(Workspace::budgetLabel(d.budget)));
    if (profile) {
        profile->setLabels(tr("LVS layer profile (p = %1)").arg(Workspace::budgetLabel(d.budget)), tr("layer"), tr("LVS (%1)").arg(agg));
        profile->setXTickLabels(d.hookLabels);
        profile->setSeries(d.profiles);
    }
    if (fineTuning) {
        fineTuning->setLabels(tr("Harmful fine-tuning"), tr("step"), tr("compliance"));
        fineTuning->setSeries(d.fineTuning, 0.0, 1.05);
    }
}

AuditFigures::LvsRange AuditFigures::lvsRange(const std::vector<HeatmapMatrix>& lvs) {
    double hi = 0.0, minPositive = 1e300;
    for (const auto& m : lvs)
        for (double v : m.values)
            if (std::isfinite(v)) {
                hi = std::max(hi, v);
                if (v > 0)
                    minPositive = std::min(minPositive, v);
            }
    LvsRange r;
    r.hi = hi > 0 ? hi : 1.0;
    r.minPositive = minPositive < r.hi ? minPositive : r.hi * 1e-3;
    return r;
}

void AuditFigures::showRefusal(HeatmapView* view, const HeatmapMatrix& refusal, const QString& colormap) {
    view->setMatrix(refusal);
    view->setGradient(Colormaps::sequential(colormap));
    view->setLogScale(false);
    view->setDataRange(0.0, 1.0);
    view->setTitle(tr("Refusal under attack (%1 protocol)").arg(AttackPanelSettings().protocol));
    view->setAxisTitles(tr("prompt"), tr("layer"), tr("refusal"));
}

void AuditFigures::showLvs(HeatmapView* view, const HeatmapMatrix& lvs, const QString& colormap, bool logScale,
                           const LvsRange& range, const std::vector<double>& markers) {
    view->setMatrix(lvs);
    view->setGradient(Colormaps::sequential(colormap));
    view->setLogScale(logScale);
    view->setDataRange(logScale ? range.minPositive : range.lo, range.hi);
    view->setMarkers(markers);
    view->setTitle(tr("LVS by layer and budget (%1 protocol)").arg(AttackPanelSettings().protocol));
    view->setAxisTitles(tr("relative budget p"), tr("layer"), tr("LVS"));
}

} // namespace auditgap::ui
