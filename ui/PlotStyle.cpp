#include "PlotStyle.h"

#include <cmath>
#include <vector>

#include <QFileInfo>
#include <QPalette>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTemporaryFile>

#include "QtPlot.h"

namespace auditgap::ui {

void PlotStyle::apply(QCustomPlot* plot) {
    const QPalette pal = plot->palette();
    const QColor fg = pal.color(QPalette::WindowText);
    const QColor bg = pal.color(QPalette::Base);
    QColor grid = fg;
    grid.setAlpha(40);
    plot->setBackground(bg);
    for (QCPAxisRect* rect : plot->axisRects()) {
        for (QCPAxis* axis : rect->axes()) {
            axis->setBasePen(QPen(fg));
            axis->setTickPen(QPen(fg));
            axis->setSubTickPen(QPen(fg));
            axis->setTickLabelColor(fg);
            axis->setLabelColor(fg);
            axis->grid()->setPen(QPen(grid, 0, Qt::DotLine));
        }
    }
    if (plot->legend) {
        plot->legend->setBrush(bg);
        plot->legend->setTextColor(fg);
        plot->legend->setBorderPen(QPen(grid));
    }
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
        if (auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->elementAt(i)))
            title->setTextColor(fg);
}

QCPTextElement* PlotStyle::addTitle(QCustomPlot* plot) {
    QFont font = plot->font();
    font.setBold(true);
    plot->plotLayout()->insertRow(0);
    auto* title = new QCPTextElement(plot, QString(), font);
    plot->plotLayout()->addElement(0, 0, title);
    return title;
}

namespace {
// For vector exports (PDF, SVG) a colour map is drawn as one filled rectangle per computed
// cell instead of QCPColorMap's embedded raster image: the cells stay sharp at any zoom. The
// rectangles replace the map for the duration of the export only.
class VectorCells {
public:
    explicit VectorCells(QCustomPlot* plot) : m_plot(plot) {
        for (int i = 0; i < plot->plottableCount(); ++i) {
            auto* map = qobject_cast<QCPColorMap*>(plot->plottable(i));
            if (!map || !map->visible() || !map->colorScale())
                continue;
            QCPColorMapData* d = map->data();
            const QCPRange keys = d->keyRange(), values = d->valueRange();
            if (!plot->layer(QStringLiteral("vectorCells")))
                plot->addLayer(QStringLiteral("vectorCells"), map->layer(), QCustomPlot::limBelow);
            QCPColorGradient gradient = map->colorScale()->gradient();
            const QCPRange range = map->colorScale()->dataRange();
            const bool log = map->colorScale()->dataScaleType() == QCPAxis::stLogarithmic;
            for (int x = 0; x < d->keySize(); ++x)
                for (int y = 0; y < d->valueSize(); ++y) {
                    const double v = d->cell(x, y);
                    if (!std::isfinite(v))
                        continue;
                    auto* rect = new QCPItemRect(plot);
                    rect->setLayer(QStringLiteral("vectorCells")); // under the markers and bands
                    const auto [x0, x1] = PlotStyle::colorMapCell(keys.lower, keys.upper, d->keySize(), x);
                    const auto [y0, y1] = PlotStyle::colorMapCell(values.lower, values.upper, d->valueSize(), y);
                    rect->topLeft->setCoords(x0, y0);
                    rect->bottomRight->setCoords(x1, y1);
                    const QColor color = QColor::fromRgba(gradient.color(v, range, log));
                    rect->setPen(QPen(color, 0)); // a hairline of the same colour: no seams
                    rect->setBrush(color);
                    m_items.push_back(rect);
                }
            map->setVisible(false);
            m_hidden.push_back(map);
        }
    }
    ~VectorCells() {
        for (auto* item : m_items)
            m_plot->removeItem(item);
        for (auto* map : m_hidden)
            map->setVisible(true);
        if (QCPLayer* layer = m_plot->layer(QStringLiteral("vectorCells")))
            m_plot->removeLayer(layer);
    }
    VectorCells(const VectorCells&) = delete;
    VectorCells& operator=(const VectorCells&) = delete;

private:
    QCustomPlot* m_plot;
    std::vector<QCPAbstractItem*> m_items;
    std::vector<QCPColorMap*> m_hidden;
};
} // namespace

QString PlotStyle::save(QCustomPlot* plot, const QString& path, int width, int height) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("pdf") && suffix != QLatin1String("svg"))
        return QObject::tr("%1: unknown export format \"%2\" (expected .png, .pdf or .svg)").arg(path, suffix);
    const QFileInfo target(path);
    QTemporaryFile tmp(target.absolutePath() + QStringLiteral("/.%1.XXXXXX.%2").arg(target.fileName(), suffix));
    if (!tmp.open())
        return QObject::tr("%1: cannot write in this folder (%2)").arg(path, tmp.errorString());
    const QString tmpPath = tmp.fileName();
    tmp.close();
    const int w = width > 0 ? width : plot->width();
    const int h = height > 0 ? height : plot->height();
    bool ok = false;
    if (suffix == QLatin1String("png")) {
        ok = plot->savePng(tmpPath, w, h, 2.0);
    } else if (suffix == QLatin1String("pdf")) {
        const VectorCells cells(plot);
        ok = plot->savePdf(tmpPath, w, h);
    } else {
        const VectorCells cells(plot);
        QSvgGenerator gen;
        gen.setFileName(tmpPath);
        gen.setSize(QSize(w, h));
        gen.setViewBox(QRect(0, 0, w, h));
        gen.setTitle(QObject::tr("AuditGap plot"));
        QCPPainter painter;
        ok = painter.begin(&gen);
        if (ok) {
            plot->toPainter(&painter, w, h);
            painter.end();
        }
    }
    if (!ok)
        return QObject::tr("%1: the plot could not be rendered").arg(path);
    QFile::remove(path);
    if (!QFile::rename(tmpPath, path))
        return QObject::tr("%1: cannot replace the file").arg(path);
    tmp.setAutoRemove(false);
    // QTemporaryFile creates 0600; an exported figure is an ordinary file (0644).
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser |
                                    QFileDevice::WriteUser | QFileDevice::ReadGroup | QFileDevice::ReadOther);
    return {};
}

std::pair<double, double> PlotStyle::colorMapCell(double lower, double upper, int size, int index) {
    const double step = size > 1 ? (upper - lower) / (size - 1) : upper - lower;
    const double first = size > 1 ? lower - step / 2 : lower;
    return {first + index * step, first + (index + 1) * step};
}

QStringList PlotStyle::exportFilters() {
    return {QObject::tr("PNG image (*.png)"), QObject::tr("PDF document (*.pdf)"),
            QObject::tr("SVG drawing (*.svg)")};
}

} // namespace auditgap::ui
