#include "WorkbenchViews.h"

#include <cmath>
#include <filesystem>

#include <QAction>
#include <QActionGroup>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QSettings>
#include <QSplitter>
#include <QTextBrowser>

#include "AuditFigures.h"
#include "AuditGapPlot.h"
#include "Colormaps.h"
#include "CurvePlot.h"
#include "HeatmapView.h"
#include "ModelColumn.h"
#include "QtPlot.h"
#include "TextDiff.h"

namespace auditgap::ui {

namespace {

QString toQ(const std::string& s) {
    return QString::fromStdString(s);
}

QString fmt(double v, int digits = 3) {
    return std::isfinite(v) ? QString::number(v, 'g', digits) : QStringLiteral("–");
}

} // namespace

WorkbenchViews::WorkbenchViews(const Workspace& workspace, SessionView& view, QWidget* parent)
    : QObject(parent), m_ws(workspace), m_view(view) {
    auto* central = new QSplitter(Qt::Vertical, parent);
    m_central = central;
    auto* columns = new QWidget(central);
    auto* row = new QHBoxLayout(columns);
    row->setContentsMargins(0, 0, 0, 0);
    for (int s = 0; s < Workspace::kSlots; ++s) {
        m_columns[s] = new ModelColumn(s, columns);
        row->addWidget(m_columns[s], 1);
        m_columns[s]->setVisible(s < 2);
        connect(m_columns[s]->refusalView(), &HeatmapView::cellClicked, this,
                [this, s](int r, int c) { showCellDetail(s, r, c); });
        m_columns[s]->refusalView()->setTooltipProvider([this, s](int r, int c) { return refusalTooltip(s, r, c); });
        // Hundreds of prompts: the refusal heatmaps zoom and pan along the prompts, together.
        m_columns[s]->refusalView()->setColumnZoom(true);
        connect(m_columns[s]->refusalView(), &HeatmapView::columnsInViewChanged, this, [this, s](int first, int last) {
            if (m_syncingZoom)
                return; // another heatmap is following this change
            m_syncingZoom = true;
            for (int o = 0; o < Workspace::kSlots; ++o)
                if (o != s)
                    m_columns[o]->refusalView()->setColumnsInView(first, last);
            m_syncingZoom = false;
            Q_EMIT promptsInViewChanged(first, last);
        });
        m_columns[s]->lvsView()->setTooltipProvider([this, s](int r, int c) { return lvsTooltip(s, r, c); });
    }
    auto* bottom = new QWidget(central);
    auto* plotRow = new QHBoxLayout(bottom);
    plotRow->setContentsMargins(0, 0, 0, 0);
    m_gap = new AuditGapPlot(bottom);
    m_profile = new CurvePlot(bottom);
    m_fineTune = new CurvePlot(bottom);
    m_research = new CurvePlot(bottom); // the probe / patching profile, shown once computed
    m_research->setVisible(false);
    for (QWidget* w : std::initializer_list<QWidget*>{m_gap, m_profile, m_research, m_fineTune})
        plotRow->addWidget(w, 1);
    central->addWidget(columns);
    central->addWidget(bottom);
    central->setStretchFactor(0, 3);
    central->setStretchFactor(1, 1);
    for (auto [plot, stem] : plots()) {
        plot->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(plot, &QWidget::customContextMenuRequested, this,
                [this, plot = plot, stem = stem](const QPoint& pos) { Q_EMIT plotMenuRequested(plot, pos, stem); });
    }
    m_detail = new QTextBrowser(parent);
    m_detailDock = new QDockWidget(parent);
    m_detailDock->setObjectName(QStringLiteral("detailDock"));
    m_detailDock->setWidget(m_detail);
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(40);
    connect(&m_refreshTimer, &QTimer::timeout, this, &WorkbenchViews::flush);
    buildActions();
}

void WorkbenchViews::buildActions() {
    auto make = [this](const QKeySequence& key, auto slot) {
        auto* a = new QAction(this);
        a->setShortcut(key);
        a->setCheckable(true);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    m_diff = make(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), [this](bool on) { setDifferenceView(on); });
    m_log = make(QKeySequence(Qt::CTRL | Qt::Key_L), [this](bool on) { setLogScale(on); });
    m_median = make(QKeySequence(Qt::CTRL | Qt::Key_M), [this] { setAggregation(Aggregation::Median); });
    m_mean = make(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M), [this] { setAggregation(Aggregation::Mean); });
    auto* aggregation = new QActionGroup(this);
    aggregation->addAction(m_median);
    aggregation->addAction(m_mean);
    m_colormaps = new QActionGroup(this);
    for (const QString& name : Colormaps::sequentialNames()) {
        auto* a = new QAction(name, this);
        a->setCheckable(true);
        a->setData(name);
        m_colormaps->addAction(a);
        connect(a, &QAction::triggered, this, [this, name] { setColormap(name); });
    }
    syncActions();
}

void WorkbenchViews::syncActions() {
    m_diff->setChecked(m_view.difference);
    m_log->setChecked(m_view.logScale);
    (m_view.aggregation == Aggregation::Median ? m_median : m_mean)->setChecked(true);
    for (QAction* a : m_colormaps->actions())
        a->setChecked(a->data().toString() == m_view.colormap);
}

void WorkbenchViews::viewChanged() {
    syncActions();
    Q_EMIT viewStateChanged();
    refreshNow();
}

void WorkbenchViews::setDifferenceView(bool on) {
    m_view.difference = on;
    viewChanged();
}

void WorkbenchViews::setAggregation(Aggregation a) {
    m_view.aggregation = a;
    viewChanged();
}

void WorkbenchViews::setLogScale(bool on) {
    m_view.logScale = on;
    viewChanged();
}

void WorkbenchViews::setColormap(const QString& name) {
    m_view.colormap = Colormaps::sequentialNames().contains(name) ? name : QStringLiteral("viridis");
    QSettings().setValue(QStringLiteral("view/colormap"), m_view.colormap);
    viewChanged();
}

std::vector<std::pair<QCustomPlot*, QString>> WorkbenchViews::plots() const {
    std::vector<std::pair<QCustomPlot*, QString>> out{{m_gap->plot(), QStringLiteral("audit_gap")},
                                                      {m_profile->plot(), QStringLiteral("lvs_profile")},
                                                      {m_fineTune->plot(), QStringLiteral("fine_tuning")},
                                                      {m_research->plot(), QStringLiteral("probe_patch_profile")}};
    for (int s = 0; s < Workspace::kSlots; ++s) {
        out.emplace_back(m_columns[s]->refusalView()->plot(), QStringLiteral("refusal_") + Workspace::slotName(s));
        out.emplace_back(m_columns[s]->lvsView()->plot(), QStringLiteral("lvs_") + Workspace::slotName(s));
    }
    return out;
}

void WorkbenchViews::retranslate() {
    m_diff->setText(tr("&Difference view (B − A)"));
    m_log->setText(tr("&Logarithmic colour scale"));
    m_median->setText(tr("Median with bootstrap CI (released code)"));
    m_mean->setText(tr("Mean (paper)"));
    m_detailDock->setWindowTitle(tr("Cell details"));
    m_detail->setPlaceholderText(tr("Click a refusal-heatmap cell to see the prompt, both generations and the scores."));
    scheduleRefresh();
}

void WorkbenchViews::scheduleRefresh(int slot) {
    if (slot >= 0 && !m_view.difference)
        m_dirtyRefusal[slot] = true;
    else
        m_dirtyAll = true;
    if (m_refreshTimer.isActive())
        return;
    const qint64 since = m_sinceRefresh.isValid() ? m_sinceRefresh.elapsed() : 1000;
    m_refreshTimer.start(static_cast<int>(std::max<qint64>(0, 40 - since)));
}

void WorkbenchViews::flush() {
    if (m_dirtyAll) {
        refreshNow();
        return;
    }
    m_sinceRefresh.start();
    for (int s = 0; s < Workspace::kSlots; ++s)
        if (m_dirtyRefusal[s]) {
            m_dirtyRefusal[s] = false;
            refreshRefusal(s);
        }
}

void WorkbenchViews::refreshRefusal(int s) {
    m_columns[s]->refusalView()->setMatrix(m_ws.refusal(s));
}

void WorkbenchViews::refreshNow() {
    m_sinceRefresh.start();
    m_dirtyAll = false;
    for (bool& d : m_dirtyRefusal)
        d = false;
    // Shared LVS scale over every loaded model.
    std::vector<HeatmapMatrix> lvs, refusal;
    for (int s = 0; s < Workspace::kSlots; ++s) {
        lvs.push_back(m_ws.lvs(s, m_view.aggregation));
        refusal.push_back(m_ws.refusal(s));
    }
    std::vector<double> markers;
    for (double p : m_ws.sliders)
        markers.push_back(m_ws.gridPosition(p));
    const double hi = AuditFigures::lvsRange(lvs).hi;
    for (int s = 0; s < Workspace::kSlots; ++s)
        showColumn(s, refusal, lvs, markers, hi);
    // Audit gap, profiles, fine-tuning curves.
    const int hook = AuditFigures::gapHook(m_ws, m_view.nudgeHook);
    const double budget = AuditFigures::plotBudget(m_ws, m_view.headline);
    AuditFigures::show(AuditFigures::compute(m_ws, hook, budget, m_view.aggregation), m_gap, m_profile, m_fineTune);
}

void WorkbenchViews::showColumn(int s, const std::vector<HeatmapMatrix>& refusal, const std::vector<HeatmapMatrix>& lvs,
                                const std::vector<double>& markers, double lvsHi) {
    ModelColumn* col = m_columns[s];
    const auto& sl = m_ws.slots[size_t(s)];
    col->setVisible(sl.loaded || s < 2);
    HeatmapView* r = col->refusalView();
    HeatmapView* l = col->lvsView();
    if (m_view.difference && m_ws.slots[0].loaded && s > 0 && sl.loaded) {
        // One colour meaning in both: red = B more vulnerable (refuses less, higher LVS).
        r->setMatrix(HeatmapMatrix::difference(refusal[s], refusal[0]));
        r->setGradient(Colormaps::diverging(/*reversed=*/true));
        r->setLogScale(false);
        r->setDataRange(-1.0, 1.0);
        r->setTitle(tr("Refusal, %1 − A").arg(Workspace::slotName(s)));
        r->setAxisTitles(tr("prompt"), tr("layer"), tr("Δ refusal (red: %1 refuses less)").arg(Workspace::slotName(s)));
        l->setMatrix(HeatmapMatrix::difference(lvs[s], lvs[0]));
        l->setGradient(Colormaps::diverging());
        l->setLogScale(false);
        l->setDataRange(-lvsHi, lvsHi);
        l->setMarkers(markers);
        l->setTitle(tr("LVS, %1 − A").arg(Workspace::slotName(s)));
        l->setAxisTitles(tr("relative budget p"), tr("layer"), tr("Δ LVS (red: %1 more vulnerable)").arg(Workspace::slotName(s)));
    } else {
        AuditFigures::showRefusal(r, refusal[s], m_view.colormap);
        AuditFigures::showLvs(l, lvs[s], m_view.colormap, m_view.logScale, AuditFigures::lvsRange(lvs), markers);
    }
    if (sl.loaded) {
        const Interval cr = m_ws.cleanRefusal(refusal[s]);
        QString header = tr("%1 — clean refusal %2 [%3, %4]")
                             .arg(AuditFigures::modelLabel(m_ws, s), fmt(cr.value, 2), fmt(cr.lo, 2), fmt(cr.hi, 2));
        if (!sl.grid.cells.empty()) header += QStringLiteral(" · ") + judgeLabel(sl.grid.settings);
        col->setHeader(header);
    } else {
        col->setHeader(tr("%1 · no model").arg(Workspace::slotName(s)));
    }
}

QString WorkbenchViews::judgeLabel(const core::AuditSettings& settings) {
    // Which judge produced the verdicts behind a column's numbers.
    switch (settings.judge) {
    case core::JudgeKind::Model:
        return tr("judge: %1").arg(QString::fromStdString(std::filesystem::path(settings.judgePath).filename().string()));
    case core::JudgeKind::Logit:
        return tr("judge: refusal logits");
    case core::JudgeKind::Prefix:
        break;
    }
    return tr("judge: refusal prefixes");
}

QString WorkbenchViews::refusalTooltip(int slot, int row, int col) const {
    if (col >= static_cast<int>(m_ws.prompts.items.size()))
        return {};
    const auto& item = m_ws.prompts.items[size_t(col)];
    const double v = m_columns[slot]->refusalView()->value(row, col);
    QString where = row == 0 ? tr("clean") : tr("layer %1, p = %2").arg(Workspace::hookLabel(row - 1), Workspace::budgetLabel(m_ws.sliders[size_t(row - 1)]));
    QString how;
    if (row > 0 && m_ws.sliders[size_t(row - 1)] > 0) {
        const auto* c = m_ws.refinedCell(slot, row - 1, col);
        const auto& sl = m_ws.slots[size_t(slot)];
        const bool exact = size_t(row - 1) < sl.estimateExact.size() && sl.estimateExact[size_t(row - 1)];
        how = c ? tr("full attack: %1").arg(toQ(c->attackedVerdict))
                : (exact ? tr("one-step logit estimate (refining…)") : tr("instant linear estimate (refining…)"));
    }
    return tr("<b>Prompt %1 · %2</b> %3<br>%4<br>refusal %5 %6")
               .arg(QString::number(col + 1), toQ(item.label), toQ(item.category), QString(toQ(item.prompt)).toHtmlEscaped(), fmt(v), how) +
           QStringLiteral("<br>") + where;
}

QString WorkbenchViews::lvsTooltip(int slot, int row, int col) const {
    if (col >= static_cast<int>(m_ws.budgetGrid.size()))
        return {};
    const Interval v = m_ws.lvsAt(slot, row, m_ws.budgetGrid[size_t(col)], m_view.aggregation);
    return tr("layer %1, p = %2<br>LVS %3 [%4, %5]")
        .arg(Workspace::hookLabel(row), Workspace::budgetLabel(m_ws.budgetGrid[size_t(col)]), fmt(v.value), fmt(v.lo), fmt(v.hi));
}

void WorkbenchViews::showCellDetail(int slot, int row, int col) {
    if (col >= static_cast<int>(m_ws.prompts.items.size()))
        return;
    const auto& item = m_ws.prompts.items[size_t(col)];
    // Prompts are numbered from 1, as in the heatmap's columns and the prompt editor.
    QString html = tr("<h3>Model %1 · prompt %2</h3>").arg(tr("%1 · %2").arg(Workspace::slotName(slot), m_ws.slots[size_t(slot)].name)).arg(col + 1);
    html += QStringLiteral("<p><i>%1</i></p>").arg(QString(toQ(item.prompt)).toHtmlEscaped());
    const core::AuditCell* c = row > 0 ? m_ws.refinedCell(slot, row - 1, col) : nullptr;
    if (!c && row == 0)
        for (const auto& [key, cell] : m_ws.slots[size_t(slot)].refined)
            if (key.second == col) {
                c = &cell;
                break;
            }
    const double shown = m_columns[slot]->refusalView()->value(row, col);
    if (!c && row > 0 && !(m_ws.sliders[size_t(row - 1)] > 0.0)) {
        html += tr("<p>No attack at this layer (its slider is at 0): the row shows the clean behaviour, refusal %1.</p>").arg(fmt(shown));
    } else if (!c) {
        html += tr("<p>Refusal <b>estimate</b> %1 (live tier, marked with a ring in the heatmap). The full attack (PGD, generation, judge, reward) for this cell is still running.</p>")
                    .arg(fmt(shown));
    } else {
        QColor added = m_detail->palette().color(QPalette::Highlight);
        added.setAlpha(90);
        html += tr("<p><b>Clean generation</b> (%1)<br>%2</p>").arg(toQ(c->cleanVerdict), QString(toQ(c->clean)).toHtmlEscaped());
        if (row > 0)
            html += tr("<p><b>Perturbed generation</b> at layer %1, p = %2 (%3)<br>%4</p>")
                        .arg(toQ(c->layer.name()), Workspace::budgetLabel(c->budget), toQ(c->attackedVerdict),
                             TextDiff::html(toQ(c->clean), toQ(c->attacked), added,
                                            m_detail->palette().color(QPalette::PlaceholderText)));
        html += QStringLiteral("<table>");
        auto line = [&](const QString& k, const QString& v) { html += QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>").arg(k, v); };
        line(tr("S(y)"), fmt(c->rewardClean, 4));
        if (row > 0) {
            line(tr("S(y′)"), fmt(c->rewardAttacked, 4));
            line(tr("‖δ‖₂"), fmt(c->deltaL2, 4));
            line(tr("ε"), fmt(c->eps, 4));
            line(tr("judge verdict"), toQ(c->attackedVerdict));
            line(tr("LVS row (η = 1e-4)"), fmt(c->lvs, 4));
            line(tr("target NLL clean → attacked"), tr("%1 → %2").arg(fmt(c->nllClean, 3), fmt(c->nllAttacked, 3)));
        }
        html += QStringLiteral("</table>");
    }
    m_detail->setHtml(html);
    m_detailDock->show();
}

} // namespace auditgap::ui
