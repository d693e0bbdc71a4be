#pragma once
// The audit report of a session (`auditgap report`, File → Export report): one document with
// what a reader needs to reproduce the numbers — the settings, the model folders with the
// SHA-256 of their weights, the prompt set's hash, the judge and reward-model settings, the
// device and versions that computed the results and those that wrote the report, the command
// line that recomputes the audit — then the audit-gap plot, the heatmaps and the LVS layer
// profiles, and the tables of clean refusal, ASR and LVS (mean, median with its CI) per model and
// layer. PDF through QTextDocument + QPdfWriter (Qt's own PDF output), or one self-contained
// HTML file (figures inline as PNG data URIs). Models are not loaded: every figure comes from the
// results saved in the session. Needs a QApplication (the plots are widgets); GUI thread only.
#include <iosfwd>
#include <string>
#include <vector>

#include <QCoreApplication>
#include <QImage>
#include <QString>

#include "AuditFigures.h"
#include "Workspace.h"
#include "io/Session.h"

namespace auditgap::ui {

class AuditReport {
    Q_DECLARE_TR_FUNCTIONS(AuditReport)
public:
    // `sessionPath` is shown and hashed when the file exists. Throws core::Error naming the file
    // and the field (the prompt set missing or changed since the session was saved, ...).
    AuditReport(const core::Session& session, const QString& sessionPath);

    // The document; images as data: URIs (HTML) or as "agap:NAME" resources (PDF).
    QString html(bool inlineImages) const;
    int figureCount() const { return static_cast<int>(m_figures.size()); }
    // "pdf" or "html" by the file's suffix (.pdf, .html, .htm); "" for anything else.
    static QString formatOf(const QString& path);
    // Writes FILE.pdf or FILE.html (by suffix) atomically: an error leaves no file behind and an
    // existing file untouched. Throws core::Error naming the file.
    void write(const QString& path) const;

private:
    struct Figure {
        QString name;    // resource name
        QString caption;
        QImage image;
        int width = 0;   // layout width in the document (CSS px)
    };
    void renderFigures();
    QString reproductionSection() const;
    QString tablesSection() const;
    QString summaryTable(const std::vector<double>& budgets) const;
    QString modelList() const; // "A · base, B · dissociated"

    core::Session m_session;
    QString m_sessionPath;
    QString m_sessionSha256;
    Workspace m_ws;
    SessionView m_view;
    AuditFigureData m_data; // the gap plot's hook point and budget, the aggregation, the points

    std::vector<Figure> m_figures;
};

// `auditgap report SESSION --out FILE.pdf|FILE.html [--json]` (the workbench binary's headless
// mode: the figures are Qt Widgets, which auditgap-cli does not link). Creates an offscreen
// QApplication when none exists. Status 0, 1 (an error naming the file and field) or 2 (usage).
int reportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace auditgap::ui
