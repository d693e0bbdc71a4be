#pragma once
// The workbench's status bar: the device and dtype of the last loaded model, the running job
// family in the user's words with one overall progress and ETA (ProgressSummary, through the
// RequestController), messages, and the Stop button. GUI
// thread only.
#include <QObject>
#include <QString>

class QAction;
class QLabel;
class QProgressBar;
class QStatusBar;

namespace auditgap::ui {

class RequestController;

class WorkbenchStatus : public QObject {
    Q_OBJECT
public:
    // Adds its widgets to `bar`; `stop` is the Stop action (enabled while work runs).
    WorkbenchStatus(QStatusBar* bar, QAction* stop, const RequestController* requests);
    void setDevice(const QString& device, const QString& dtype);
    void showMessage(const QString& message, int milliseconds) const;
    void retranslate();
    QString stateText() const; // what the status bar says about the running work

private:
    void setProgress(const QString& text, double fraction);
    void setBusy(bool busy);

    QStatusBar* m_bar;
    QAction* m_stop;
    QLabel* m_device;
    QLabel* m_state;
    QProgressBar* m_progress;
};

} // namespace auditgap::ui
