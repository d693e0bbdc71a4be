#pragma once
// A test hook for the user's path (tests/ui/user_path.sh): when AUDITGAP_STATE_FILE is set, the
// running workbench writes what it shows to that file a few times a second (atomically): the
// loaded models, whether the engine is idle, the sliders' budgets and their on-screen
// geometry, and each model's refusal heatmap as drawn (values, estimate marks, row labels).
// A script drives the real binary with synthetic mouse input and reads the result here, not
// from pixels. Off (no timer, no file) when the variable is unset. GUI thread only.
#include <QObject>
#include <QString>

namespace auditgap::ui {

class MainWindow;

class StateProbe : public QObject {
    Q_OBJECT
public:
    // Starts writing to $AUDITGAP_STATE_FILE when it is set; otherwise does nothing.
    static void attach(MainWindow& window);
    static QByteArray snapshot(MainWindow& window); // the JSON written
};

} // namespace auditgap::ui
