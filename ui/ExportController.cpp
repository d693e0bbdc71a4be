#include "ExportController.h"

#include <algorithm>

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>

#include "AuditReport.h"
#include "PlotStyle.h"
#include "QtPlot.h"
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
    QString f = QFileDialog::getSaveFileName(m_parent, tr("Export audit report"), QString(),
                                             tr("PDF document (*.pdf);;HTML page (*.html)"));
    if (f.isEmpty())
        return;
    if (QFileInfo(f).suffix().isEmpty())
        f += QStringLiteral(".pdf");
    if (exportReport(f).isEmpty())
        Q_EMIT status(tr("Wrote %1").arg(f));
}

void ExportController::exportAllDialog() {
    const QString dir = QFileDialog::getExistingDirectory(m_parent, tr("Folder for the plots"));
    if (dir.isEmpty())
        return;
    int written = 0;
    for (const QString& ext : {QStringLiteral("png"), QStringLiteral("pdf"), QStringLiteral("svg")})
        for (const auto& [plot, stem] : m_views.plots()) {
            const bool model = stem.startsWith(QLatin1String("refusal_")) || stem.startsWith(QLatin1String("lvs_"));
            if (model && !m_ws.slots[size_t(stem.back().unicode() - u'A')].loaded)
                continue;
            written += exportPlot(plot, dir + QLatin1Char('/') + stem + QLatin1Char('.') + ext).isEmpty();
        }
    Q_EMIT status(tr("Wrote %1 files to %2").arg(written).arg(dir));
}

void ExportController::exportDataDialog(const QString& suffix) {
    QString f = QFileDialog::getSaveFileName(m_parent, tr("Export heatmap data"), QString(),
                                             suffix == QLatin1String("csv") ? tr("CSV (*.csv)") : tr("JSON (*.json)"));
    if (f.isEmpty())
        return;
    if (!f.endsWith(QLatin1Char('.') + suffix))
        f += QLatin1Char('.') + suffix;
    if (exportData(f).isEmpty())
        Q_EMIT status(tr("Wrote %1").arg(f));
}

void ExportController::plotMenu(QCustomPlot* plot, const QPoint& pos, const QString& stem) {
    QMenu menu(m_parent);
    for (const QString& ext : {QStringLiteral("png"), QStringLiteral("pdf"), QStringLiteral("svg")}) {
        menu.addAction(tr("Export as %1…").arg(ext.toUpper()), this, [this, plot, stem, ext] {
            const QString f = QFileDialog::getSaveFileName(m_parent, tr("Export plot"), stem + QLatin1Char('.') + ext);
            if (!f.isEmpty())
                exportPlot(plot, f);
        });
    }
    menu.exec(plot->mapToGlobal(pos));
}

} // namespace auditgap::ui
