#pragma once
// Exports and the report: each plot as PNG / PDF / SVG (File → Export, or a plot's context
// menu; dialogs offer the three formats and open where the last export or the session lives),
// the heatmap data as tidy CSV or JSON with the CLI's columns, and the audit report
// (PDF or HTML) of the current session. Errors are reported through `failed` and returned; a
// failed export leaves no file behind. GUI thread only.
#include <functional>

#include <QObject>
#include <QString>

#include "io/Session.h"

class QCustomPlot;
class QPoint;
class QWidget;

namespace auditgap::ui {

class Workspace;
class WorkbenchViews;

class ExportController : public QObject {
    Q_OBJECT
public:
    // `session()` gives the session the report describes; `sessionPath()` its file ("" unsaved).
    ExportController(const Workspace& workspace, const WorkbenchViews& views, std::function<core::Session()> session,
                     std::function<QString()> sessionPath, QWidget* parent);

    QString exportPlot(QCustomPlot* plot, const QString& path); // "" on success, else the error
    QString exportData(const QString& path);                    // .csv or .json
    QString exportReport(const QString& path);                  // .pdf or .html
    // Every plot that shows data as PNG, PDF and SVG into `dir` (empty plots are skipped);
    // the number of files written.
    int exportAll(const QString& dir);
    static bool hasData(QCustomPlot* plot);

    // The dialogs of the File → Export menu and of a plot's context menu.
    void exportAllDialog();
    void exportDataDialog(const QString& suffix);
    void exportReportDialog();
    void plotMenu(QCustomPlot* plot, const QPoint& pos, const QString& stem);

Q_SIGNALS:
    void failed(const QString& message);
    void status(const QString& message);

private:
    const Workspace& m_ws;
    const WorkbenchViews& m_views;
    std::function<core::Session()> m_session;
    std::function<QString()> m_sessionPath;
    QWidget* m_parent;
};

} // namespace auditgap::ui
