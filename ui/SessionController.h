#pragma once
// Sessions of the workbench (DESIGN §4): open, save, autosave to a recovery file, recovery at
// the next start, recent files, and the window title's name and unsaved mark. Opening reads and
// checks everything before the caller replaces its state, so a bad file changes nothing; a
// model folder that moved is relocated (by the user, or a relocator in tests) and its weights
// are hashed off the GUI thread, with progress and Cancel, and refused when the hash differs.
// GUI thread only.
#include <functional>
#include <optional>

#include <QObject>
#include <QString>
#include <QTimer>

#include "Workspace.h"
#include "io/Session.h"

class QMenu;
class QWidget;

namespace auditgap::ui {

class BudgetPanel;
class RequestController;

// A session file read and checked, ready to be shown.
struct OpenedSession {
    core::Session session;
    core::PromptSet prompts;
    SessionView view;
    QString path;
};

class SessionController : public QObject {
    Q_OBJECT
public:
    // The session is what `workspace`, `view` and the budget panel hold; opening one replaces
    // them and has `requests` load its models and restore its results.
    SessionController(Workspace& workspace, SessionView& view, BudgetPanel* budget, RequestController* requests,
                      QWidget* parent);
    ~SessionController() override; // a clean exit removes the recovery file

    // The session of what is on screen (saves, autosaves, the report).
    core::Session snapshot() const;
    // Opens `path`: nothing changes unless the whole file reads and checks (else `failed`).
    bool open(const QString& path);
    bool restoreRecovery(); // open the recovery file; the restored session counts as unsaved
    void newSession();
    // A result was computed on this machine: the session records this environment, and is dirty.
    void computedHere();

    QString path() const { return m_path; }
    bool dirty() const { return m_dirty; }
    // The session came from the recovery file and was not saved since: it stays unsaved.
    bool recovered() const { return m_recovered; }
    void setDirty(bool dirty);
    // The session the workbench starts with (the demo family) is not dirty: loading its models
    // and computing its results do not change that; the user's first change (userChanged) does.
    void startPristine();
    void userChanged();
    void clearPath();
    QString title() const; // "name * — AuditGap"

    bool save(const QString& path);
    void save(); // to the session's file, or Save As
    void saveAs();
    QString askOpen();
    // Asks to save unsaved work before the window closes; false = keep the window open.
    bool confirmClose(bool worthSaving);
    void setRecentMenu(QMenu* menu);

    void autosaveNow();
    static QString recoveryPath();
    // True when a recovery file was left; interactively asks, then emits recoveryAccepted or
    // recoveryDeclined.
    bool offerRecovery();
    void abandonLikeACrash() { m_crashed = true; }
    void setRelocator(std::function<QString(const QString& missing)> relocate) { m_relocate = std::move(relocate); }
    void setInteractive(bool interactive) { m_interactive = interactive; }

Q_SIGNALS:
    void titleChanged(const QString& title);
    void sessionOpened(); // a session replaced what is on screen (view state included)
    void failed(const QString& message);
    void status(const QString& message);
    void openRequested(const QString& path); // from Open Recent
    void recoveryAccepted();
    void recoveryDeclined();

private:
    // Reads and checks `path`; nullopt (and `failed`) on any error.
    std::optional<OpenedSession> read(const QString& path);
    void apply(const OpenedSession& opened);
    nlohmann::json currentEnvironment() const;
    void relocateModels(core::Session& session, const QString& path);
    // modelHash(folder) on a worker thread; the GUI keeps running and shows the bytes hashed.
    std::string hashOffThread(const QString& folder);
    core::Session withHashes(core::Session s, bool hashNow);
    void addRecent(const QString& path);
    void rebuildRecentMenu();

    Workspace& m_ws;
    SessionView& m_view;
    BudgetPanel* m_budget;
    RequestController* m_requests;
    // Where the results on screen were computed: the opened session's record until a result is
    // computed here, then this machine's (Session::environment).
    nlohmann::json m_environment = nlohmann::json::object();
    std::function<QString(const QString&)> m_relocate;
    QWidget* m_parent;
    QMenu* m_recentMenu = nullptr;
    QTimer m_autosaveTimer;
    QString m_path;
    bool m_dirty = false;
    bool m_pristine = false;
    bool m_recovered = false;
    bool m_crashed = false;
    bool m_interactive = true;
};

} // namespace auditgap::ui
