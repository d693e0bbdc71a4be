#include "HeatmapView.h"

#include <QEvent>
#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>

#include "PlotStyle.h"
#include "QtPlot.h"

namespace auditgap::ui {

HeatmapMatrix HeatmapMatrix::difference(const HeatmapMatrix& b, const HeatmapMatrix& a) {
    HeatmapMatrix d(b.rows, b.cols);
    d.rowLabels = b.rowLabels;
    d.colLabels = b.colLabels;
    for (int r = 0; r < b.rows; ++r)
        for (int c = 0; c < b.cols; ++c)
            d.at(r, c) = (r < a.rows && c < a.cols) ? b.at(r, c) - a.at(r, c) : std::nan("");
    return d;
}

HeatmapView::HeatmapView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumSize(160, 120);
    layout->addWidget(m_plot);
    m_title = PlotStyle::addTitle(m_plot);
    m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    m_map->setInterpolate(false);
    m_map->setTightBoundary(true);
    m_scale = new QCPColorScale(m_plot);
    m_plot->plotLayout()->addElement(1, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_map->setColorScale(m_scale);
    auto* group = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_plot->yAxis->setRangeReversed(true);
    m_plot->xAxis->grid()->setVisible(false);
    m_plot->yAxis->grid()->setVisible(false);
    m_markers = m_plot->addGraph();
    m_markers->setLineStyle(QCPGraph::lsNone);
    m_markers->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(Qt::white, 1.5), QBrush(Qt::black), 8));
    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        int r = 0, c = 0;
        if (m_tooltip && cellAt(e->pos(), &r, &c))
            QToolTip::showText(e->globalPosition().toPoint(), m_tooltip(r, c), m_plot);
        else
            QToolTip::hideText();
    });
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
        int r = 0, c = 0;
        if (e->button() == Qt::LeftButton && cellAt(e->pos(), &r, &c))
            Q_EMIT cellClicked(r, c);
    });
    connect(m_plot, &QCustomPlot::afterReplot, this, [this] {
        ++m_frames;
        Q_EMIT frameDrawn();
    });
    PlotStyle::apply(m_plot);
}

void HeatmapView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) {
        PlotStyle::apply(m_plot);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
    QWidget::changeEvent(event);
}

bool HeatmapView::cellAt(const QPoint& pos, int* row, int* col) const {
    if (m_matrix.rows == 0 || m_matrix.cols == 0 || !m_plot->axisRect()->rect().contains(pos))
        return false;
    const double x = m_plot->xAxis->pixelToCoord(pos.x());
    const double y = m_plot->yAxis->pixelToCoord(pos.y());
    const int c = static_cast<int>(std::lround(x)), r = static_cast<int>(std::lround(y));
    if (r < 0 || c < 0 || r >= m_matrix.rows || c >= m_matrix.cols)
        return false;
    *row = r;
    *col = c;
    return true;
}

void HeatmapView::setMatrix(const HeatmapMatrix& m) {
    const bool reshaped = m.rows != m_matrix.rows || m.cols != m_matrix.cols ||
                          m.rowLabels != m_matrix.rowLabels || m.colLabels != m_matrix.colLabels;
    m_matrix = m;
    auto* data = m_map->data();
    if (reshaped) {
        data->setSize(std::max(1, m.cols), std::max(1, m.rows));
        data->setRange(QCPRange(0, std::max(0, m.cols - 1)), QCPRange(0, std::max(0, m.rows - 1)));
        if (m.cols == 1)
            data->setKeyRange(QCPRange(-0.5, 0.5));
        if (m.rows == 1)
            data->setValueRange(QCPRange(-0.5, 0.5));
        m_plot->xAxis->setRange(-0.5, std::max(0, m.cols - 1) + 0.5);
        m_plot->yAxis->setRange(-0.5, std::max(0, m.rows - 1) + 0.5);
        updateTicks();
    }
    if (m.rows == 0 || m.cols == 0)
        data->fill(std::nan(""));
    for (int r = 0; r < m.rows; ++r)
        for (int c = 0; c < m.cols; ++c)
            data->setCell(c, r, m.at(r, c));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

double HeatmapView::value(int row, int col) const {
    if (row < 0 || col < 0 || row >= m_matrix.rows || col >= m_matrix.cols)
        return std::nan("");
    return m_map->data()->cell(col, row);
}

void HeatmapView::updateTicks() {
    auto rowTicker = QSharedPointer<QCPAxisTickerText>::create();
    for (int r = 0; r < m_matrix.rows && r < m_matrix.rowLabels.size(); ++r)
        rowTicker->addTick(r, m_matrix.rowLabels[r]);
    m_plot->yAxis->setTicker(rowTicker);
    m_plot->yAxis->setSubTicks(false);
    auto colTicker = QSharedPointer<QCPAxisTickerText>::create();
    const int stride = std::max(1, m_matrix.cols / 12);
    for (int c = 0; c < m_matrix.cols && c < m_matrix.colLabels.size(); c += stride)
        colTicker->addTick(c, m_matrix.colLabels[c]);
    m_plot->xAxis->setTicker(colTicker);
    m_plot->xAxis->setSubTicks(false);
}

void HeatmapView::setDataRange(double lo, double hi) {
    if (!(hi > lo))
        hi = lo + 1e-9;
    m_scale->setDataRange(QCPRange(lo, hi));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HeatmapView::setGradient(const QCPColorGradient& gradient) {
    m_scale->setGradient(gradient);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HeatmapView::setLogScale(bool log) {
    m_scale->setDataScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log)
        m_scale->axis()->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    else
        m_scale->axis()->setTicker(QSharedPointer<QCPAxisTicker>::create());
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HeatmapView::setTitle(const QString& title) {
    m_title->setText(title);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HeatmapView::setAxisTitles(const QString& x, const QString& y, const QString& colorbar) {
    m_plot->xAxis->setLabel(x);
    m_plot->yAxis->setLabel(y);
    m_scale->axis()->setLabel(colorbar);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HeatmapView::setMarkers(const std::vector<double>& colPositions) {
    QVector<double> x, y;
    for (size_t r = 0; r < colPositions.size(); ++r)
        if (std::isfinite(colPositions[r])) {
            x.push_back(colPositions[r]);
            y.push_back(static_cast<double>(r));
        }
    m_markers->setData(x, y);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HeatmapView::setTooltipProvider(std::function<QString(int, int)> provider) {
    m_tooltip = std::move(provider);
}

} // namespace auditgap::ui
