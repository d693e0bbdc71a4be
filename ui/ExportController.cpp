#include "ExportController.h"

#include <algorithm>
#include <cmath>

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>

#include "AuditReport.h"
#include "PlotStyle.h"
#include "QtPlot.h"
#include "WorkbenchDialogs.h"
#include "WorkbenchViews.h"
#include "Workspace.h"

namespace auditgap::ui {

ExportController::ExportController(const Workspace& workspace, const WorkbenchViews& views,
                                   std::function<core::Session()> session, std::function<QString()> sessionPath,
                                   QWidget* parent)
    : QObject(parent), m_ws(workspace), m_views(views), m_session(std::move(session)),
      m_sessionPath(std::move(sessionPath)), m_parent(parent) {}

QString ExportController::exportPlot(QCustomPlot* plot, const QString& path) {
    const QString error = PlotStyle::save(plot, path, std::max(plot->width(), 640), std::max(plot->height(), 420));
    if (!error.isEmpty())
        Q_EMIT failed(error);
    return error;
}

QString ExportController::exportData(const QString& path) {
    try {
        const core::AuditResults r = m_ws.combined();
        if (path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
            r.saveCsv(path.toStdString());
        else
            r.save(path.toStdString());
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
        return QString::fromUtf8(e.what());
    }
    return {};
}

QString ExportController::exportReport(const QString& path) {
    try {
        AuditReport(m_session(), m_sessionPath()).write(path);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
        return QString::fromUtf8(e.what());
    }
    return {};
}

void ExportController::exportReportDialog() {
    QString f = QFileDialog::getSaveFileName(m_parent, tr("Export audit report"), WorkbenchDialogs::startDir(m_sessionPath()),
                                             tr("PDF document (*.pdf);;HTML page (*.html)"));
    if (f.isEmpty())
        return;
    WorkbenchDialogs::remember(f);
    if (QFileInfo(f).suffix().isEmpty())
        f += QStringLiteral(".pdf");
    if (exportReport(f).isEmpty())
        Q_EMIT status(tr("Wrote %1").arg(f));
}

void ExportController::exportAllDialog() {
    const QString dir = QFileDialog::getExistingDirectory(m_parent, tr("Folder for the plots"), WorkbenchDialogs::startDir(m_sessionPath()));
    if (dir.isEmpty())
        return;
    WorkbenchDialogs::remember(dir);
    const int written = exportAll(dir);
    Q_EMIT status(tr("Wrote %1 files to %2").arg(written).arg(dir));
}

bool ExportController::hasData(QCustomPlot* plot) {
    // A plot with nothing drawn (no model in its column, no fine-tuning run yet) is not a
    // figure. A heatmap counts its cells only (its slider markers are not data).
    bool anyCurve = false;
    for (int i = 0; i < plot->plottableCount(); ++i) {
        QCPAbstractPlottable* p = plot->plottable(i);
        if (auto* map = qobject_cast<QCPColorMap*>(p)) {
            QCPColorMapData* d = map->data();
            for (int x = 0; x < d->keySize(); ++x)
                for (int y = 0; y < d->valueSize(); ++y)
                    if (std::isfinite(d->cell(x, y)))
                        return true;
            return false;
        }
        if (QCPPlottableInterface1D* data = p->interface1D())
            for (int k = 0; k < data->dataCount() && !anyCurve; ++k)
                anyCurve = std::isfinite(data->dataMainValue(k));
    }
    return anyCurve;
}

int ExportController::exportAll(const QString& dir) {
    int written = 0;
    for (const QString& ext : {QStringLiteral("png"), QStringLiteral("pdf"), QStringLiteral("svg")})
        for (const auto& [plot, stem] : m_views.plots())
            if (hasData(plot))
                written += exportPlot(plot, dir + QLatin1Char('/') + stem + QLatin1Char('.') + ext).isEmpty();
    return written;
}

void ExportController::exportDataDialog(const QString& suffix) {
    QString f = QFileDialog::getSaveFileName(m_parent, tr("Export heatmap data"), WorkbenchDialogs::startDir(m_sessionPath()),
                                             suffix == QLatin1String("csv") ? tr("CSV (*.csv)") : tr("JSON (*.json)"));
    if (f.isEmpty())
        return;
    WorkbenchDialogs::remember(f);
    if (!f.endsWith(QLatin1Char('.') + suffix))
        f += QLatin1Char('.') + suffix;
    if (exportData(f).isEmpty())
        Q_EMIT status(tr("Wrote %1").arg(f));
}

void ExportController::plotMenu(QCustomPlot* plot, const QPoint& pos, const QString& stem) {
    QMenu menu(m_parent);
    const QStringList filters = PlotStyle::exportFilters();
    const QStringList exts{QStringLiteral("png"), QStringLiteral("pdf"), QStringLiteral("svg")};
    for (int i = 0; i < exts.size(); ++i) {
        const QString ext = exts[i], filter = filters[i];
        menu.addAction(tr("Export as %1…").arg(ext.toUpper()), this, [this, plot, stem, ext, filter, filters, exts] {
            QString chosen = filter;
            QString f = QFileDialog::getSaveFileName(m_parent, tr("Export plot"),
                                                     WorkbenchDialogs::startDir(m_sessionPath()) + QLatin1Char('/') + stem + QLatin1Char('.') + ext,
                                                     filters.join(QStringLiteral(";;")), &chosen);
            if (f.isEmpty())
                return;
            if (QFileInfo(f).suffix().isEmpty()) // the format the chosen filter names
                f += QLatin1Char('.') + exts[std::max<qsizetype>(0, filters.indexOf(chosen))];
            WorkbenchDialogs::remember(f);
            exportPlot(plot, f);
        });
    }
    menu.exec(plot->mapToGlobal(pos));
}

} // namespace auditgap::ui
