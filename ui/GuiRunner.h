#pragma once
// The GUI program's entry (app/gui/main.cpp stays a thin main()) and its headless modes:
//   auditgap [SESSION.agap.json]          the workbench; without a session, the demo family
//   auditgap --screenshot FILE [SESSION]  renders the main window with the session (or the
//                                         demo family) loaded and its audit finished
//   auditgap --headless-demo DIR [SESSION] runs the session's (or the demo's) audit without a
//                                         display and writes the
//                                         heatmaps and plots as PNG, a session file, the cells
//                                         CSV and the audit report
//   auditgap --guide DIR                  renders the user guide's screenshots (docs/images)
#include <functional>

#include <QString>

namespace auditgap::ui {

class MainWindow;

class GuiRunner {
public:
    static int run(int argc, char** argv);
    // Spins the event loop until `done()` or `timeoutMs`; false on timeout.
    static bool waitUntil(const std::function<bool()>& done, int timeoutMs);
    // Demo family loaded, every job finished (estimates, refinement, LVS grid).
    static bool loadDemoAndSettle(MainWindow& window, int timeoutMs);
    // A session file opened, its models loaded, every job finished.
    static bool openAndSettle(MainWindow& window, const QString& session, int timeoutMs);
    // The user guide's pictures from a settled window: the window, the budget panel, a cell's
    // detail, the difference view, fine-tuning curves (30 steps) and an example report.
    static int writeGuide(MainWindow& window, const QString& dir);
};

} // namespace auditgap::ui
