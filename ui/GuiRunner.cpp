#include "GuiRunner.h"

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QIcon>
#include <QSettings>
#include <QThread>
#include <QTimer>

#include "AuditGapPlot.h"
#include "AuditReport.h"
#include "BudgetPanel.h"
#include "CurvePlot.h"
#include "HeatmapView.h"
#include "LanguageManager.h"
#include "MainWindow.h"
#include "ModelColumn.h"
#include "QtPlot.h"
#include "StateProbe.h"
#include "platform/Runtime.h"

namespace auditgap::ui {

namespace {
void say(const QString& text) {
    std::fprintf(stdout, "%s\n", text.toLocal8Bit().constData());
    std::fflush(stdout);
}
int timeoutMs() {
    bool ok = false;
    const int s = qEnvironmentVariableIntValue("AUDITGAP_SETTLE_SECONDS", &ok);
    return (ok && s > 0 ? s : 900) * 1000;
}
} // namespace

bool GuiRunner::waitUntil(const std::function<bool()>& done, int timeout) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeout)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(5);
    }
    return true;
}

int GuiRunner::writeGuide(MainWindow& window, const QString& dir) {
    QDir().mkpath(dir);
    QStringList written;
    auto save = [&](const QPixmap& pixmap, const QString& name) {
        const QString path = QDir(dir).filePath(name);
        if (pixmap.save(path))
            written << path;
    };
    auto settle = [&] {
        waitUntil([&] { return window.idle(); }, timeoutMs());
        window.refreshViewsNow();
        QApplication::processEvents();
    };
    save(window.grab(), QStringLiteral("window.png"));
    save(window.budgetPanel()->grab(), QStringLiteral("budget_panel.png"));
    // The detail of the twin's first harmful prompt at the nudge layer (row 0 = clean, row 1 =
    // embedding, row 6 = block 4).
    int harmful = 0;
    while (harmful < static_cast<int>(window.workspace().prompts.items.size()) &&
           !window.workspace().prompts.isHarmful(size_t(harmful)))
        ++harmful;
    Q_EMIT window.column(1)->refusalView()->cellClicked(6, harmful);
    settle();
    save(window.grab(), QStringLiteral("detail.png"));
    window.setDifferenceView(true);
    settle();
    save(window.grab(), QStringLiteral("difference.png"));
    window.setDifferenceView(false);
    window.runFineTuning(30);
    settle();
    if (window.exportPlot(window.fineTunePlot()->plot(), QDir(dir).filePath(QStringLiteral("fine_tuning.png"))).isEmpty())
        written << QDir(dir).filePath(QStringLiteral("fine_tuning.png"));
    if (window.exportReport(QDir(dir).filePath(QStringLiteral("example-report.pdf"))).isEmpty())
        written << QDir(dir).filePath(QStringLiteral("example-report.pdf"));
    say(QApplication::translate("GuiRunner", "User guide screenshots written:"));
    for (const QString& f : written)
        say(QStringLiteral("  ") + f);
    return window.lastError().isEmpty() ? 0 : 1;
}

bool GuiRunner::loadDemoAndSettle(MainWindow& w, int timeout) {
    if (!w.loadDemoFamily())
        return false;
    // Let queued loads start, then wait for every job (estimates, refinement, LVS grid).
    waitUntil([] { return false; }, 300);
    const bool ok = waitUntil([&w] { return (w.idle() && w.gridComplete()) || !w.lastError().isEmpty(); }, timeout);
    w.refreshViewsNow();
    waitUntil([] { return false; }, 200);
    return ok && w.lastError().isEmpty();
}

bool GuiRunner::openAndSettle(MainWindow& w, const QString& session, int timeout) {
    if (!w.openSession(session))
        return false;
    waitUntil([] { return false; }, 300);
    const bool ok = waitUntil(
        [&w] { return (!w.modelsLoading() && w.idle() && w.gridComplete()) || !w.lastError().isEmpty(); }, timeout);
    w.refreshViewsNow();
    waitUntil([] { return false; }, 200);
    return ok && w.lastError().isEmpty();
}

int GuiRunner::run(int argc, char** argv) {
    core::prepareProcess(argc, argv);
    if (argc > 1 && std::string(argv[1]) == "report") // headless, offscreen: no window, no display
        return reportCommand(std::vector<std::string>(argv, argv + argc), std::cout, std::cerr);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("AuditGap"));
    QApplication::setApplicationName(QStringLiteral("auditgap"));
    QApplication::setApplicationVersion(QStringLiteral(AUDITGAP_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/auditgap.svg")));
    core::initRuntime();

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("GuiRunner", "AuditGap: representation-level safety audits"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QApplication::translate("GuiRunner", "Render the main window with the demo family to FILE and exit."),
                                  QStringLiteral("FILE"));
    QCommandLineOption headless(QStringLiteral("headless-demo"),
                                QApplication::translate("GuiRunner", "Run the demo audit without a display; write PNGs and a session to DIR."),
                                QStringLiteral("DIR"));
    QCommandLineOption language(QStringLiteral("language"), QApplication::translate("GuiRunner", "Interface language (en, de, zh_CN)."),
                                QStringLiteral("CODE"));
    QCommandLineOption guide(QStringLiteral("guide"),
                             QApplication::translate("GuiRunner", "Render the user guide's screenshots to DIR and exit."),
                             QStringLiteral("DIR"));
    parser.addOption(guide);
    parser.addOption(screenshot);
    parser.addOption(headless);
    parser.addOption(language);
    parser.addPositionalArgument(QStringLiteral("session"), QApplication::translate("GuiRunner", "A session file to open."));
    parser.process(app);

    const QString lang = parser.isSet(language) ? parser.value(language) : QSettings().value(QStringLiteral("language"), QStringLiteral("en")).toString();
    LanguageManager::setLanguage(lang);

    MainWindow window;
    const QStringList args = parser.positionalArguments();
    if (parser.isSet(screenshot) || parser.isSet(headless) || parser.isSet(guide)) {
        window.setInteractive(false);
        // Rendered as a first start on a 1600×1000 screen: what a new user sees.
        window.fitFirstStart(QSize(1600, 1000));
        window.show();
        // The session given on the command line, or the demo family.
        const bool settled = args.isEmpty() ? loadDemoAndSettle(window, timeoutMs())
                                            : openAndSettle(window, args.front(), timeoutMs());
        if (!settled) {
            std::fprintf(stderr, "auditgap: the %s audit did not finish: %s\n", args.isEmpty() ? "demo" : "session's",
                         window.lastError().toLocal8Bit().constData());
            return 1;
        }
        if (parser.isSet(guide))
            return writeGuide(window, parser.value(guide));
        if (parser.isSet(screenshot)) {
            const QString file = parser.value(screenshot);
            if (!window.grab().save(file)) {
                std::fprintf(stderr, "auditgap: cannot write %s\n", file.toLocal8Bit().constData());
                return 1;
            }
            say(QApplication::translate("GuiRunner", "Screenshot written to %1").arg(file));
            return 0;
        }
        const QString dir = parser.value(headless);
        QDir().mkpath(dir);
        QStringList written;
        auto exportTo = [&](QCustomPlot* plot, const QString& name) {
            const QString path = QDir(dir).filePath(name);
            if (window.exportPlot(plot, path).isEmpty())
                written << path;
        };
        for (int s = 0; s < Workspace::kSlots; ++s) {
            if (!window.workspace().slots[size_t(s)].loaded)
                continue;
            exportTo(window.column(s)->refusalView()->plot(), QStringLiteral("refusal_%1.png").arg(Workspace::slotName(s)));
            exportTo(window.column(s)->lvsView()->plot(), QStringLiteral("lvs_%1.png").arg(Workspace::slotName(s)));
        }
        exportTo(window.gapPlot()->plot(), QStringLiteral("audit_gap.png"));
        exportTo(window.profilePlot()->plot(), QStringLiteral("lvs_profile.png"));
        const QString session = QDir(dir).filePath(args.isEmpty() ? QStringLiteral("demo.agap.json") : QStringLiteral("session.agap.json"));
        if (window.saveSession(session))
            written << session;
        const QString csv = QDir(dir).filePath(QStringLiteral("cells.csv"));
        if (window.exportData(csv).isEmpty())
            written << csv;
        const QString report = QDir(dir).filePath(QStringLiteral("report.pdf"));
        if (window.exportReport(report).isEmpty())
            written << report;
        window.grab().save(QDir(dir).filePath(QStringLiteral("window.png")));
        written << QDir(dir).filePath(QStringLiteral("window.png"));
        say(QApplication::translate("GuiRunner", "Headless demo audit written:"));
        for (const QString& f : written)
            say(QStringLiteral("  ") + f);
        return window.lastError().isEmpty() ? 0 : 1;
    }

    window.show();
    StateProbe::attach(window); // $AUDITGAP_STATE_FILE: the user-path test reads the screen here
    if (!args.isEmpty())
        window.openSession(args.front());
    else if (!window.offerRecovery())
        window.startWithDemo();
    return app.exec();
}

} // namespace auditgap::ui
