#include "HeatmapView.h"

#include <algorithm>
#include <cmath>

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
    d.bands = b.bands;
    for (int r = 0; r < b.rows; ++r)
        for (int c = 0; c < b.cols; ++c) {
            const bool both = r < a.rows && c < a.cols;
            d.at(r, c) = both ? b.at(r, c) - a.at(r, c) : std::nan("");
            if (b.isEstimate(r, c) || (both && a.isEstimate(r, c)))
                d.markEstimate(r, c);
        }
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
    // Not tight: the outer rows and columns are whole cells, as wide as the others.
    m_map->setTightBoundary(false);
    m_scale = new QCPColorScale(m_plot);
    m_plot->plotLayout()->addElement(1, 1, m_scale);
    m_scale->setType(QCPAxis::atRight);
    m_map->setColorScale(m_scale);
    auto* group = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_plot->yAxis->setRangeReversed(true);
    // Labels are shown as written ("8e-3", as the paper writes budgets), not as 8·10⁻³.
    m_plot->xAxis->setNumberFormat(QStringLiteral("g"));
    m_plot->yAxis->setNumberFormat(QStringLiteral("g"));
    m_plot->xAxis->grid()->setVisible(false);
    m_plot->yAxis->grid()->setVisible(false);
    m_markers = m_plot->addGraph();
    m_markers->setLineStyle(QCPGraph::lsNone);
    m_markers->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(Qt::white, 1.5), QBrush(Qt::black), 8));
    m_estimates = m_plot->addGraph();
    m_estimates->setLineStyle(QCPGraph::lsNone);
    m_estimates->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 1.0), QBrush(Qt::white), 5));
    m_estimates->setName(QStringLiteral("estimate"));
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
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent*) {
        if (m_plot->interactions().testFlag(QCP::iRangeZoom))
            setColumnsInView(0, m_matrix.cols - 1);
    });
    connect(m_plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { onColumnRange(); });
    connect(m_plot, &QCustomPlot::afterReplot, this, [this] {
        ++m_frames;
        Q_EMIT frameDrawn();
    });
    PlotStyle::apply(m_plot);
    // Uncomputed cells are transparent: a hatch says "nothing here yet", never a value.
    m_plot->axisRect()->setBackground(QBrush(QColor(128, 128, 128, 90), Qt::BDiagPattern));
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
    const int c = static_cast<int>(std::floor(x + 0.5)), r = static_cast<int>(std::floor(y + 0.5));
    if (r < 0 || c < 0 || r >= m_matrix.rows || c >= m_matrix.cols)
        return false;
    *row = r;
    *col = c;
    return true;
}

void HeatmapView::setMatrix(const HeatmapMatrix& m) {
    const bool reshaped = m.rows != m_matrix.rows || m.cols != m_matrix.cols || m.rowLabels != m_matrix.rowLabels ||
                          m.colLabels != m_matrix.colLabels || m.bands != m_matrix.bands;
    m_matrix = m;
    auto* data = m_map->data();
    if (reshaped) {
        data->setSize(std::max(1, m.cols), std::max(1, m.rows));
        data->setRange(QCPRange(0, std::max(0, m.cols - 1)), QCPRange(0, std::max(0, m.rows - 1)));
        if (m.cols == 1)
            data->setKeyRange(QCPRange(-0.5, 0.5));
        if (m.rows == 1)
            data->setValueRange(QCPRange(-0.5, 0.5));
        if (m.cols != m_columns) // new columns: all of them; the same ones keep the user's zoom
            m_plot->xAxis->setRange(-0.5, std::max(0, m.cols - 1) + 0.5);
        m_columns = m.cols;
        // The header band takes one row's height above row 0 (the y axis is reversed).
        m_plot->yAxis->setRange(m.bands.empty() ? -0.5 : -1.5, std::max(0, m.rows - 1) + 0.5);
        updateTicks();
        updateBands();
    }
    if (m.rows == 0 || m.cols == 0)
        data->fill(std::nan(""));
    for (int r = 0; r < m.rows; ++r)
        for (int c = 0; c < m.cols; ++c)
            data->setCell(c, r, m.at(r, c));
    updateEstimateMarks();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HeatmapView::updateEstimateMarks() {
    QVector<double> x, y;
    for (int r = 0; r < m_matrix.rows; ++r)
        for (int c = 0; c < m_matrix.cols; ++c)
            if (m_matrix.isEstimate(r, c) && std::isfinite(m_matrix.at(r, c))) {
                x.push_back(c);
                y.push_back(r);
            }
    m_estimates->setData(x, y);
}

int HeatmapView::estimateMarks() const {
    return m_estimates->dataCount();
}

void HeatmapView::updateBands() {
    for (auto* item : m_bandItems)
        m_plot->removeItem(item);
    m_bandItems.clear();
    const QColor ink = palette().color(QPalette::WindowText);
    for (size_t i = 0; i < m_matrix.bands.size(); ++i) {
        const auto& band = m_matrix.bands[i];
        if (i > 0) { // a divider between this band and the previous one, through every row
            auto* line = new QCPItemLine(m_plot);
            line->start->setCoords(band.first - 0.5, -1.5);
            line->end->setCoords(band.first - 0.5, m_matrix.rows - 0.5);
            line->setPen(QPen(ink, 2.0));
            m_bandItems.push_back(line);
        }
        auto* rect = new QCPItemRect(m_plot);
        rect->topLeft->setCoords(band.first - 0.5, -1.5);
        rect->bottomRight->setCoords(band.last + 0.5, -0.5);
        rect->setPen(QPen(ink, 1.0));
        // Opaque light tints: the band is a header, not a cell (no hatch shows through).
        const QColor fill = i % 2 == 0 ? QColor(0xf4, 0xc7, 0xc7) : QColor(0xc9, 0xdd, 0xf0);
        rect->setBrush(fill);
        m_bandItems.push_back(rect);
        auto* text = new QCPItemText(m_plot);
        text->position->setCoords(0.5 * (band.first + band.last), -1.0);
        text->setPositionAlignment(Qt::AlignCenter);
        text->setText(band.label);
        text->setColor(Qt::black); // on the light tint, in dark themes too
        text->setObjectName(QStringLiteral("band"));
        m_bandItems.push_back(text);
    }
}

std::vector<double> HeatmapView::dividers() const {
    std::vector<double> out;
    for (auto* item : m_bandItems)
        if (auto* line = qobject_cast<QCPItemLine*>(item))
            out.push_back(line->start->coords().x());
    return out;
}

QStringList HeatmapView::bandTitles() const {
    QStringList out;
    for (auto* item : m_bandItems)
        if (auto* text = qobject_cast<QCPItemText*>(item))
            out << text->text();
    return out;
}

QColor HeatmapView::colorOf(double value) const {
    QCPColorGradient gradient = m_scale->gradient();
    const QCPRange range = m_scale->dataRange();
    const double v = std::clamp(value, range.lower, range.upper); // beyond the range: its end colour
    return QColor::fromRgba(gradient.color(v, range, m_scale->dataScaleType() == QCPAxis::stLogarithmic));
}

QRectF HeatmapView::cellRect(int row, int col) const {
    // Where the colour map draws cell (row, col): the map's data range (cell centres) widened
    // by half a cell on each side unless the boundary is tight, split into equal cells and
    // clipped to the data range when it is (QCPColorMap's drawing rule).
    const auto* data = m_map->data();
    auto edges = [&](const QCPRange& range, int size, int index) {
        auto [lo, hi] = PlotStyle::colorMapCell(range.lower, range.upper, size, index);
        if (m_map->tightBoundary()) {
            lo = std::max(lo, range.lower);
            hi = std::min(hi, range.upper);
        }
        return std::pair(lo, hi);
    };
    const auto [x0, x1] = edges(data->keyRange(), data->keySize(), col);
    const auto [y0, y1] = edges(data->valueRange(), data->valueSize(), row);
    return QRectF(QPointF(m_plot->xAxis->coordToPixel(x0), m_plot->yAxis->coordToPixel(y0)),
                  QPointF(m_plot->xAxis->coordToPixel(x1), m_plot->yAxis->coordToPixel(y1)))
        .normalized();
}

double HeatmapView::value(int row, int col) const {
    if (row < 0 || col < 0 || row >= m_matrix.rows || col >= m_matrix.cols)
        return std::nan("");
    return m_map->data()->cell(col, row);
}

void HeatmapView::updateTicks() {
    // At most ~20 row labels (a 0.5B model has 25 hook points): a stride, as the columns
    // have; row 0 (the clean row of a refusal map) is always labelled.
    auto rowTicker = QSharedPointer<QCPAxisTickerText>::create();
    const int rowStride = std::max(1, (m_matrix.rows + 19) / 20);
    for (int r = 0; r < m_matrix.rows && r < m_matrix.rowLabels.size(); r += rowStride)
        rowTicker->addTick(r, m_matrix.rowLabels[r]);
    m_plot->yAxis->setTicker(rowTicker);
    m_plot->yAxis->setSubTicks(false);
    updateColumnTicks();
}

void HeatmapView::updateColumnTicks() {
    // At most 8 column labels over the columns in view: they never overlap.
    auto colTicker = QSharedPointer<QCPAxisTickerText>::create();
    const auto [first, last] = columnsInView();
    const int stride = std::max(1, (last - first + 1 + 7) / 8);
    for (int c = std::max(0, first); c <= last && c < m_matrix.colLabels.size(); c += stride)
        colTicker->addTick(c, m_matrix.colLabels[c]);
    m_plot->xAxis->setTicker(colTicker);
    m_plot->xAxis->setSubTicks(false);
}

void HeatmapView::setColumnZoom(bool on) {
    m_plot->setInteraction(QCP::iRangeZoom, on);
    m_plot->setInteraction(QCP::iRangeDrag, on);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
}

std::pair<int, int> HeatmapView::columnsInView() const {
    if (m_matrix.cols == 0)
        return {0, -1};
    const QCPRange r = m_plot->xAxis->range();
    const int first = std::clamp(static_cast<int>(std::ceil(r.lower - 1e-9)), 0, m_matrix.cols - 1);
    const int last = std::clamp(static_cast<int>(std::floor(r.upper + 1e-9)), first, m_matrix.cols - 1);
    return {first, last};
}

void HeatmapView::setColumnsInView(int first, int last) {
    if (m_matrix.cols == 0)
        return;
    first = std::clamp(first, 0, m_matrix.cols - 1);
    last = std::clamp(last, first, m_matrix.cols - 1);
    m_plot->xAxis->setRange(first - 0.5, last + 0.5);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void HeatmapView::onColumnRange() {
    if (m_clamping)
        return;
    // Inside the matrix, at least one column wide, never wider than all of them.
    const double lo = -0.5, hi = std::max(0, m_matrix.cols - 1) + 0.5;
    QCPRange r = m_plot->xAxis->range();
    const double width = std::clamp(r.size(), 1.0, hi - lo);
    if (r.lower < lo)
        r = QCPRange(lo, lo + width);
    else if (r.upper > hi)
        r = QCPRange(hi - width, hi);
    else
        r = QCPRange(r.lower, r.lower + width);
    m_clamping = true;
    m_plot->xAxis->setRange(r);
    m_clamping = false;
    const auto now = columnsInView();
    if (now == m_inView)
        return;
    m_inView = now;
    updateColumnTicks();
    Q_EMIT columnsInViewChanged(now.first, now.second);
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
