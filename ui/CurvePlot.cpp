#include "CurvePlot.h"

#include <cmath>

#include <QEvent>
#include <QVBoxLayout>

#include "PlotStyle.h"
#include "QtPlot.h"

namespace auditgap::ui {

CurvePlot::CurvePlot(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumSize(200, 160);
    m_titleElement = PlotStyle::addTitle(m_plot);
    m_plot->legend->setVisible(true);
    layout->addWidget(m_plot);
    PlotStyle::apply(m_plot);
}

void CurvePlot::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange)
        setSeries(m_series, m_yMin, m_yMax);
    QWidget::changeEvent(event);
}

void CurvePlot::setLabels(const QString& title, const QString& x, const QString& y) {
    m_titleElement->setText(title);
    m_plot->xAxis->setLabel(x);
    m_plot->yAxis->setLabel(y);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void CurvePlot::setXTickLabels(const QStringList& labels) {
    if (labels.isEmpty()) {
        m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        return;
    }
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int i = 0; i < labels.size(); ++i)
        ticker->addTick(i, labels[i]);
    m_plot->xAxis->setTicker(ticker);
}

void CurvePlot::setSeries(const std::vector<CurveSeries>& series, double yMin, double yMax) {
    m_series = series;
    m_yMin = yMin;
    m_yMax = yMax;
    m_plot->clearGraphs();
    double xmin = 0, xmax = 1, ymax = 0;
    bool first = true;
    for (const auto& s : series) {
        QVector<double> x, y, lo, hi;
        for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
            if (!std::isfinite(s.y[i]))
                continue;
            x.push_back(s.x[i]);
            y.push_back(s.y[i]);
            if (i < s.lo.size() && i < s.hi.size() && std::isfinite(s.lo[i]) && std::isfinite(s.hi[i])) {
                lo.push_back(s.lo[i]);
                hi.push_back(s.hi[i]);
            }
            xmin = first ? s.x[i] : std::min(xmin, s.x[i]);
            xmax = first ? s.x[i] : std::max(xmax, s.x[i]);
            first = false;
            ymax = std::max(ymax, i < s.hi.size() && std::isfinite(s.hi[i]) ? s.hi[i] : s.y[i]);
        }
        if (lo.size() == x.size() && !x.isEmpty()) {
            QColor band = s.color;
            band.setAlpha(50);
            auto* gLo = m_plot->addGraph();
            gLo->setData(x, lo);
            gLo->setPen(Qt::NoPen);
            gLo->removeFromLegend();
            auto* gHi = m_plot->addGraph();
            gHi->setData(x, hi);
            gHi->setPen(Qt::NoPen);
            gHi->setBrush(band);
            gHi->setChannelFillGraph(gLo);
            gHi->removeFromLegend();
        }
        auto* g = m_plot->addGraph();
        g->setName(s.name);
        g->setPen(QPen(s.color, 2));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, s.color, 5));
        g->setData(x, y);
    }
    m_plot->xAxis->setRange(xmin - 0.3, xmax + 0.3);
    m_plot->yAxis->setRange(yMin, yMax > yMin ? yMax : (ymax > 0 ? ymax * 1.1 : 1.0));
    PlotStyle::apply(m_plot);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace auditgap::ui
