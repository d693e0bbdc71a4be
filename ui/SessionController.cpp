#include "SessionController.h"

#include <atomic>
#include <exception>
#include <memory>
#include <thread>

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QSettings>
#include <QStandardPaths>

#include "BudgetPanel.h"
#include "WorkbenchDialogs.h"
#include "Error.h"
#include "RequestController.h"
#include "io/HashCache.h"
#include "platform/Runtime.h"

namespace auditgap::ui {

namespace {
QString toQ(const std::string& s) {
    return QString::fromStdString(s);
}
} // namespace

SessionController::SessionController(Workspace& workspace, SessionView& view, BudgetPanel* budget,
                                     RequestController* requests, QWidget* parent)
    : QObject(parent), m_parent(parent), m_ws(workspace), m_view(view), m_budget(budget), m_requests(requests) {
    m_autosaveTimer.setInterval(30000);
    connect(&m_autosaveTimer, &QTimer::timeout, this, &SessionController::autosaveNow);
    m_autosaveTimer.start();
}

SessionController::~SessionController() {
    if (!m_crashed)
        QFile::remove(recoveryPath());
}

void SessionController::setDirty(bool dirty) {
    if (dirty && m_pristine)
        return; // the start-up session: loading and computing it changes nothing the user made
    if (m_dirty == dirty)
        return;
    m_dirty = dirty;
    Q_EMIT titleChanged(title());
}

void SessionController::startPristine() {
    m_pristine = true;
    m_dirty = false;
    Q_EMIT titleChanged(title());
}

void SessionController::userChanged() {
    m_pristine = false;
    setDirty(true);
}

void SessionController::clearPath() {
    m_path.clear();
    Q_EMIT titleChanged(title());
}

QString SessionController::title() const {
    const QString name = m_path.isEmpty() ? tr("Untitled session") : QFileInfo(m_path).fileName();
    return tr("%1%2 — AuditGap").arg(name, m_dirty ? QStringLiteral(" *") : QString());
}

std::optional<OpenedSession> SessionController::read(const QString& path) {
    OpenedSession o;
    o.path = path;
    try {
        o.session = core::Session::load(path.toStdString());
        relocateModels(o.session, path);
        if (!o.session.inlinePrompts.empty() || !o.session.promptsPath.empty())
            o.prompts = o.session.promptSet(path.toStdString());
        o.view = SessionView::read(o.session, path.toStdString());
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
        return std::nullopt; // the current session is untouched
    }
    return o;
}

// Models: path + SHA-256; a moved folder is relocated by the user and must hash the same.
void SessionController::relocateModels(core::Session& session, const QString& path) {
    for (auto& m : session.models) {
        if (QFileInfo::exists(toQ(m.path) + QStringLiteral("/config.json")))
            continue;
        QString moved;
        if (m_relocate)
            moved = m_relocate(toQ(m.path));
        else if (m_interactive)
            moved = QFileDialog::getExistingDirectory(m_parent, tr("Model %1 (%2) moved: where is it now?").arg(toQ(m.slot), toQ(m.path)));
        if (moved.isEmpty())
            throw core::Error(core::describe(path.toStdString(), "models." + m.slot + ".path",
                                             "model folder '" + m.path + "' not found"));
        const std::string hash = hashOffThread(moved);
        // An autosave made before the background hash finished records none: nothing to compare.
        if (!m.sha256.empty() && hash != m.sha256)
            throw core::Error(core::describe(moved.toStdString(), "sha256",
                                             "these weights differ from the session's model " + m.slot + " (expected " +
                                                 m.sha256 + ", found " + hash + ")"));
        m.path = moved.toStdString();
    }
}

std::string SessionController::hashOffThread(const QString& folder) {
    std::atomic<uint64_t> done{0}, total{0};
    std::atomic<bool> cancel{false}, finished{false};
    std::string hash;
    std::exception_ptr error;
    std::thread worker([&] {
        try {
            hash = core::cachedModelHash(folder.toStdString(), [&](uint64_t d, uint64_t t) {
                done = d;
                total = t;
                return !cancel.load();
            });
        } catch (...) {
            error = std::current_exception();
        }
        finished = true;
    });
    std::unique_ptr<QProgressDialog> progress;
    if (m_interactive) {
        progress = std::make_unique<QProgressDialog>(tr("Checking the weights of %1…").arg(folder), tr("Cancel"), 0, 1000,
                                                     m_parent);
        progress->setMinimumDuration(400);
        progress->setAutoClose(false);
        connect(progress.get(), &QProgressDialog::canceled, this, [&cancel] { cancel = true; });
    }
    QEventLoop loop;
    QTimer poll;
    connect(&poll, &QTimer::timeout, &loop, [&] {
        if (progress && total > 0)
            progress->setValue(static_cast<int>(1000.0 * static_cast<double>(done) / static_cast<double>(total)));
        if (finished)
            loop.quit();
    });
    poll.start(20);
    if (!finished)
        loop.exec(); // the GUI keeps running; engine results keep arriving
    worker.join();
    if (error)
        std::rethrow_exception(error);
    return hash;
}

bool SessionController::open(const QString& path) {
    const std::optional<OpenedSession> opened = read(path); // checks everything first
    if (!opened)
        return false;
    m_recovered = path == recoveryPath();
    apply(*opened);
    return true;
}

void SessionController::apply(const OpenedSession& opened) {
    const core::Session& session = opened.session;
    m_requests->stop();
    m_ws = Workspace();
    m_ws.prompts = opened.prompts;
    m_ws.budgetGrid = session.settings.budgets;
    m_budget->setGridBudgets(m_ws.budgetGrid);
    m_budget->setSettings(AttackPanelSettings::from(session.settings));
    m_requests->setDtype(QString::fromStdString(session.settings.dtype)); // the GUI honours the session's dtype
    m_budget->setLinked(session.linked);
    m_view = opened.view;
    m_budget->setHeadlineBudget(m_view.headline);
    // A recovered session keeps the file name it had (the autosave records it).
    m_path = opened.path == recoveryPath() ? QString::fromStdString(session.viewString("session_path", "", opened.path.toStdString()))
                                           : opened.path;
    if (!m_path.isEmpty())
        addRecent(m_path);
    m_requests->restoreWhenLoaded(session.models.empty() ? std::nullopt : std::optional<core::Session>(session));
    m_environment = session.environment;
    for (const auto& m : session.models) {
        const int i = m.slot[0] - 'A';
        m_ws.slots[size_t(i)].name = toQ(m.name);
        m_ws.slots[size_t(i)].path = toQ(m.path);
        m_requests->loadModel(i, toQ(m.path));
    }
    m_ws.resizeHooks();
    m_dirty = false;
    Q_EMIT titleChanged(title());
    Q_EMIT sessionOpened();
}

bool SessionController::restoreRecovery() {
    if (!open(recoveryPath()))
        return false;
    setDirty(true);
    return true;
}

void SessionController::newSession() {
    m_requests->stop();
    m_requests->setDtype(QString()); // a new session follows the rule
    m_ws = Workspace();
    m_ws.resizeHooks();
    m_budget->setHookCount(m_ws.hookCount());
    m_path.clear();
    m_dirty = false;
    m_recovered = false;
    Q_EMIT titleChanged(title());
}

void SessionController::computedHere() {
    m_environment = currentEnvironment();
    setDirty(true);
}

nlohmann::json SessionController::currentEnvironment() const {
    static const core::RuntimeInfo rt = core::runtimeInfo();
    nlohmann::json env = {{"auditgap", AUDITGAP_VERSION}, {"qt", qVersion()}, {"libtorch", rt.torchVersion},
                          {"blas", rt.blasKernel.empty() ? rt.blasLibrary : rt.blasKernel + " (" + rt.blasLibrary + ")"},
                          {"threads", rt.threads}};
    for (int i = 0; i < Workspace::kSlots; ++i)
        if (const auto& sl = m_ws.slots[size_t(i)]; sl.loaded)
            env["model " + Workspace::slotName(i).toStdString()] = sl.info.device + " · " + sl.info.dtype;
    return env;
}

core::Session SessionController::snapshot() const {
    core::Session s;
    for (int i = 0; i < Workspace::kSlots; ++i) {
        const auto& sl = m_ws.slots[size_t(i)];
        if (sl.loaded)
            s.models.push_back({Workspace::slotName(i).toStdString(), sl.name.toStdString(), sl.path.toStdString(), sl.info.sha256});
    }
    if (m_ws.prompts.source == "inline")
        s.inlinePrompts = m_ws.prompts.items;
    else
        s.promptsPath = m_ws.prompts.source;
    s.promptsSha256 = m_ws.prompts.sha256;
    s.settings.prompts = m_ws.prompts.source;
    m_budget->settings().applyTo(s.settings);
    s.settings.dtype = m_requests->dtype().toStdString();
    s.settings.budgets = m_ws.budgetGrid;
    for (int i = 0; i < Workspace::kSlots; ++i)
        if (m_ws.slots[size_t(i)].loaded)
            s.settings.models.push_back({m_ws.slots[size_t(i)].name.toStdString(), m_ws.slots[size_t(i)].path.toStdString()});
    s.linked = m_budget->linked();
    m_ws.storeResults(s);
    s.environment = m_environment;
    s.view = {{"colormap", m_view.colormap.toStdString()},
              {"log_scale", m_view.logScale},
              {"difference", m_view.difference},
              {"aggregation", m_view.aggregation == Aggregation::Median ? "median" : "mean"},
              {"headline_budget", m_view.headline},
              {"nudge_hook", m_view.nudgeHook},
              {"learning_rate", m_view.learningRate},
              {"fine_tune_data", m_view.fineTuneData.toStdString()}};
    return s;
}

// The weights' hashes are computed in the background after a load (EngineBridge::modelHashed);
// a save that comes first hashes here (from the cache when the files are unchanged). An autosave
// never waits: it takes a cached hash or records none.
core::Session SessionController::withHashes(core::Session s, bool hashNow) {
    for (auto& m : s.models) {
        if (!m.sha256.empty() || m.path.empty())
            continue;
        m.sha256 = hashNow ? hashOffThread(QString::fromStdString(m.path)) : core::lookUpModelHash(m.path).value_or("");
        for (auto& sl : m_ws.slots)
            if (sl.loaded && sl.path.toStdString() == m.path && sl.info.sha256.empty())
                sl.info.sha256 = m.sha256;
    }
    return s;
}

bool SessionController::save(const QString& path) {
    try {
        withHashes(snapshot(), true).save(path.toStdString());
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
        return false;
    }
    m_path = path;
    addRecent(path);
    WorkbenchDialogs::remember(path);
    m_dirty = false;
    m_recovered = false;
    Q_EMIT titleChanged(title());
    QFile::remove(recoveryPath());
    Q_EMIT status(tr("Saved %1").arg(path));
    return true;
}

void SessionController::save() {
    if (m_path.isEmpty())
        saveAs();
    else
        save(m_path);
}

void SessionController::saveAs() {
    QString f = QFileDialog::getSaveFileName(m_parent, tr("Save session"),
                                             m_path.isEmpty() ? WorkbenchDialogs::startDir(m_path) : m_path,
                                             tr("AuditGap sessions (*.agap.json)"));
    if (f.isEmpty())
        return;
    if (!f.endsWith(QLatin1String(".agap.json")))
        f += QStringLiteral(".agap.json");
    save(f);
}

QString SessionController::askOpen() {
    const QString f = QFileDialog::getOpenFileName(m_parent, tr("Open session"), WorkbenchDialogs::startDir(m_path),
                                                   tr("AuditGap sessions (*.agap.json)"));
    WorkbenchDialogs::remember(f);
    return f;
}

bool SessionController::confirmClose(bool worthSaving) {
    if (!m_dirty || !m_interactive || !worthSaving)
        return true;
    const auto answer = QMessageBox::question(m_parent, tr("Unsaved session"), tr("Save the session before closing?"),
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Save) {
        save();
        return !m_dirty;
    }
    return true;
}

void SessionController::setRecentMenu(QMenu* menu) {
    m_recentMenu = menu;
    rebuildRecentMenu();
}

void SessionController::addRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 8)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
    rebuildRecentMenu();
}

void SessionController::rebuildRecentMenu() {
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& f : recent)
        m_recentMenu->addAction(f, this, [this, f] { Q_EMIT openRequested(f); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

QString SessionController::recoveryPath() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir + QStringLiteral("/recovery.agap.json");
}

void SessionController::autosaveNow() {
    if (!m_dirty || m_requests->restoring())
        return;
    try {
        core::Session s = withHashes(snapshot(), false);
        s.view["session_path"] = m_path.toStdString(); // the recovered session keeps its name
        s.save(recoveryPath().toStdString());
    } catch (const std::exception& e) {
        Q_EMIT status(tr("Autosave failed: %1").arg(QString::fromUtf8(e.what())));
    }
}

bool SessionController::offerRecovery() {
    if (!QFileInfo::exists(recoveryPath()))
        return false;
    if (!m_interactive)
        return true;
    auto* box = new QMessageBox(QMessageBox::Question, tr("Restore session?"),
                                tr("AuditGap did not shut down cleanly. Restore the autosaved session?"),
                                QMessageBox::Yes | QMessageBox::No, m_parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int result) {
        if (result == QMessageBox::Yes) {
            Q_EMIT recoveryAccepted();
        } else {
            QFile::remove(recoveryPath());
            Q_EMIT recoveryDeclined();
        }
    });
    box->open();
    return true;
}

} // namespace auditgap::ui
