#include "PlotStyle.h"

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
        ok = plot->savePdf(tmpPath, w, h);
    } else {
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

QStringList PlotStyle::exportFilters() {
    return {QObject::tr("PNG image (*.png)"), QObject::tr("PDF document (*.pdf)"),
            QObject::tr("SVG drawing (*.svg)")};
}

} // namespace auditgap::ui
