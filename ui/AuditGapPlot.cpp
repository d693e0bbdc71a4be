#include "AuditGapPlot.h"

#include <cmath>

#include <QEvent>
#include <QVBoxLayout>

#include "PlotStyle.h"
#include "QtPlot.h"

namespace auditgap::ui {

AuditGapPlot::AuditGapPlot(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumSize(200, 160);
    m_titleElement = PlotStyle::addTitle(m_plot);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignLeft);
    layout->addWidget(m_plot);
    setPoints({}, QString());
}

void AuditGapPlot::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::PaletteChange)
        setPoints(m_points, m_caption, m_title);
    QWidget::changeEvent(event);
}

void AuditGapPlot::setPoints(const std::vector<GapPoint>& points, const QString& caption, const QString& title) {
    m_points = points;
    m_caption = caption;
    m_title = title;
    m_plot->clearPlottables();
    double ymax = 0.0;
    for (const auto& p : points) {
        if (!std::isfinite(p.refusal))
            continue;
        auto* g = m_plot->addGraph();
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, p.color, p.color, 10));
        if (!std::isfinite(p.lvs)) {
            // Not computed yet: no point (never a 0 that reads as "no gap"), and the legend says so.
            g->setName(tr("%1 (LVS computing…)").arg(p.name));
            continue;
        }
        g->setName(p.name);
        g->setData(QVector<double>{p.refusal}, QVector<double>{p.lvs});
        auto* ey = new QCPErrorBars(m_plot->xAxis, m_plot->yAxis);
        ey->removeFromLegend();
        ey->setDataPlottable(g);
        ey->setPen(QPen(p.color, 1.5));
        if (std::isfinite(p.lvsLo) && std::isfinite(p.lvsHi))
            ey->setData(QVector<double>{std::max(0.0, p.lvs - p.lvsLo)}, QVector<double>{std::max(0.0, p.lvsHi - p.lvs)});
        auto* ex = new QCPErrorBars(m_plot->xAxis, m_plot->yAxis);
        ex->removeFromLegend();
        ex->setErrorType(QCPErrorBars::etKeyError);
        ex->setDataPlottable(g);
        ex->setPen(QPen(p.color, 1.5));
        if (std::isfinite(p.refusalLo) && std::isfinite(p.refusalHi))
            ex->setData(QVector<double>{std::max(0.0, p.refusal - p.refusalLo)},
                        QVector<double>{std::max(0.0, p.refusalHi - p.refusal)});
        for (double v : {p.lvs, p.lvsHi})
            if (std::isfinite(v))
                ymax = std::max(ymax, v);
    }
    m_titleElement->setText(m_title.isEmpty() ? tr("Audit gap") : m_title);
    m_plot->xAxis->setLabel(tr("clean refusal (behavioural)"));
    m_plot->yAxis->setLabel(caption.isEmpty() ? tr("LVS") : caption);
    m_plot->xAxis->setRange(-0.05, 1.05);
    m_plot->yAxis->setRange(0.0, ymax > 0 ? ymax * 1.15 : 1.0);
    PlotStyle::apply(m_plot);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace auditgap::ui
