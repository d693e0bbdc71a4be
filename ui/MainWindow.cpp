#include "MainWindow.h"

#include <algorithm>

#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>

#include "BudgetPanel.h"
#include "ExportController.h"
#include "ModelColumn.h"
#include "PromptEditor.h"
#include "References.h"
#include "RequestController.h"
#include "ResearchController.h"
#include "SessionController.h"
#include "WorkbenchDialogs.h"
#include "WorkbenchStatus.h"
#include "WorkbenchViews.h"
#include "platform/Runtime.h"

namespace auditgap::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("AuditGapMainWindow"));
    m_budget = new BudgetPanel(this);
    m_requests = new RequestController(m_ws, m_budget, m_view, this);
    m_views = new WorkbenchViews(m_ws, m_view, this);
    m_sessions = new SessionController(m_ws, m_view, m_budget, m_requests, this);
    m_exports = new ExportController(m_ws, *m_views, [this] { return m_sessions->snapshot(); }, [this] { return m_sessions->path(); }, this);
    m_research = new ResearchController(this, m_ws, m_requests->bridge(), m_requests, m_views->researchPlot());
    setCentralWidget(m_views->central());
    buildDocks();
    buildActions();
    buildMenus();
    buildStatusBar();
    connectParts();
    retranslate();
    m_defaultState = saveState();
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        fitFirstStart(screen() ? screen()->availableGeometry().size() : QSize(1600, 1000));
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_view.colormap = settings.value(QStringLiteral("view/colormap"), m_view.colormap).toString();
    m_views->syncActions();
    m_ws.resizeHooks();
    m_budget->setHookCount(m_ws.hookCount());
    refreshViewsNow();
}

MainWindow::~MainWindow() = default;

QSize MainWindow::firstStartSize(const QSize& available) {
    // Most of the screen, capped at a size where the plots read well; never larger than it.
    const int w = std::min(1600, static_cast<int>(available.width() * 0.92));
    const int h = std::min(1000, static_cast<int>(available.height() * 0.9));
    return {std::max(std::min(960, available.width()), w), std::max(std::min(640, available.height()), h)};
}

void MainWindow::fitFirstStart(const QSize& available) {
    resize(firstStartSize(available));
    // The docks: the budget panel wide enough for a row of sliders, the detail dock for text.
    resizeDocks({m_budgetDock, m_views->detailDock()}, {width() * 21 / 100, width() * 15 / 100}, Qt::Horizontal);
}

// ---------------------------------------------------------------- construction

void MainWindow::buildDocks() {
    m_budgetDock = new QDockWidget(this);
    m_budgetDock->setObjectName(QStringLiteral("budgetDock"));
    m_budgetDock->setWidget(m_budget);
    addDockWidget(Qt::LeftDockWidgetArea, m_budgetDock);
    addDockWidget(Qt::RightDockWidgetArea, m_views->detailDock());
}

void MainWindow::buildStatusBar() {
    m_status = new WorkbenchStatus(statusBar(), m_stop, m_requests);
}

void MainWindow::connectParts() {
    connect(m_budget, &BudgetPanel::slidersChanged, this, [this](const std::vector<double>& values, const std::vector<int>& changed) {
        m_requests->onSlidersChanged(values, changed);
        if (!m_requests->applyingDefaults())
            m_sessions->userChanged();
        this->changed();
    });
    connect(m_budget, &BudgetPanel::settingsChanged, this, &MainWindow::refresh);
    connect(m_budget, &BudgetPanel::chooseRewardRequested, this, &MainWindow::chooseReward);
    connect(m_budget, &BudgetPanel::chooseJudgeRequested, this, &MainWindow::chooseJudge);
    connect(m_requests, &RequestController::modelReady, this, &MainWindow::onModelReady);
    connect(m_requests, &RequestController::resultsChanged, this, &MainWindow::changed);
    connect(m_requests, &RequestController::computed, m_sessions, &SessionController::computedHere);
    connect(m_requests, &RequestController::failed, this, &MainWindow::showError);
    connect(m_views, &WorkbenchViews::plotMenuRequested, m_exports, &ExportController::plotMenu);
    connect(m_views, &WorkbenchViews::promptsInViewChanged, m_requests, &RequestController::setPromptsInView);
    connect(m_sessions, &SessionController::titleChanged, this, &QWidget::setWindowTitle);
    connect(m_sessions, &SessionController::failed, this, &MainWindow::showError);
    connect(m_sessions, &SessionController::status, this, &MainWindow::showStatus);
    connect(m_sessions, &SessionController::openRequested, this, &MainWindow::openSession);
    connect(m_sessions, &SessionController::recoveryAccepted, this, &MainWindow::restoreRecovery);
    connect(m_sessions, &SessionController::sessionOpened, this, [this] {
        m_views->syncActions();
        changed();
    });
    connect(m_views, &WorkbenchViews::viewStateChanged, this, [this] { m_sessions->userChanged(); });
    connect(m_sessions, &SessionController::recoveryDeclined, this, &MainWindow::startWithDemo);
    connect(m_exports, &ExportController::failed, this, &MainWindow::showError);
    connect(m_exports, &ExportController::status, this, &MainWindow::showStatus);
    connect(m_research, &ResearchController::status, this, &MainWindow::showStatus);
    connect(m_research, &ResearchController::failed, this, &MainWindow::showError);
}

void MainWindow::retranslate() {
    retranslateActions();
    m_research->retranslate();
    m_toolbar->setWindowTitle(tr("Main toolbar"));
    m_budgetDock->setWindowTitle(tr("Budgets"));
    m_status->retranslate();
    m_views->retranslate();
    setWindowTitle(m_sessions->title());
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!m_sessions->confirmClose(!m_ws.prompts.items.empty())) {
        event->ignore();
        return;
    }
    stop();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    QFile::remove(recoveryPath());
    event->accept();
}

void MainWindow::showError(const QString& message) {
    m_lastError = message;
    m_status->showMessage(message, 15000);
    if (!m_interactive)
        return;
    auto* box = new QMessageBox(QMessageBox::Critical, tr("AuditGap"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // not modal for the event loop: engine results keep arriving
}

void MainWindow::showStatus(const QString& message) const { m_status->showMessage(message, 5000); }
void MainWindow::changed(int slot) { m_views->scheduleRefresh(slot); }
void MainWindow::refreshViewsNow() { m_views->refreshNow(); }
ModelColumn* MainWindow::column(int slot) const { return m_views->column(slot); }
EngineBridge* MainWindow::bridge() const { return m_requests->bridge(); }
AuditGapPlot* MainWindow::gapPlot() const { return m_views->gapPlot(); }
CurvePlot* MainWindow::profilePlot() const { return m_views->profilePlot(); }
CurvePlot* MainWindow::fineTunePlot() const { return m_views->fineTunePlot(); }
bool MainWindow::modelsLoading() const { return m_requests->loading(); }
bool MainWindow::idle() const { return m_requests->idle(); }
QString MainWindow::sessionPath() const { return m_sessions->path(); }
bool MainWindow::sessionDirty() const { return m_sessions->dirty(); }
QString MainWindow::statusText() const { return m_status->stateText(); }
QString MainWindow::recoveryPath() { return SessionController::recoveryPath(); }
void MainWindow::abandonLikeACrash() { m_sessions->abandonLikeACrash(); }
void MainWindow::autosaveNow() { m_sessions->autosaveNow(); }
bool MainWindow::offerRecovery() { return m_sessions->offerRecovery(); }
void MainWindow::setRelocator(std::function<QString(const QString&)> relocate) { m_sessions->setRelocator(std::move(relocate)); }
QString MainWindow::exportPlot(QCustomPlot* plot, const QString& path) { return m_exports->exportPlot(plot, path); }
QString MainWindow::exportData(const QString& path) { return m_exports->exportData(path); }
QString MainWindow::exportReport(const QString& path) { return m_exports->exportReport(path); }
bool MainWindow::saveSession(const QString& path) { return m_sessions->save(path); }

void MainWindow::setInteractive(bool interactive) {
    m_interactive = interactive;
    m_sessions->setInteractive(interactive);
}

bool MainWindow::gridComplete() const {
    for (int s = 0; s < Workspace::kSlots; ++s)
        if (!m_ws.gridComplete(s))
            return false;
    return true;
}

// ---------------------------------------------------------------- view state

void MainWindow::setDifferenceView(bool on) { m_views->setDifferenceView(on); }
void MainWindow::setAggregation(Aggregation a) { m_views->setAggregation(a); }
void MainWindow::setColormap(const QString& name) { m_views->setColormap(name); }
void MainWindow::setLogScale(bool on) { m_views->setLogScale(on); }

void MainWindow::setAutoRefine(bool on) {
    m_requests->setAutoRefine(on);
    m_autoRefineAction->setChecked(on);
}

// ---------------------------------------------------------------- commands

bool MainWindow::loadDemoFamily() {
    if (!m_requests->loadDemoFamily(WorkbenchDialogs::demoFolder(), m_view))
        return false;
    m_sessions->userChanged();
    changed();
    return true;
}

void MainWindow::loadModel(int slot, const QString& folder) { m_requests->loadModel(slot, folder); }

void MainWindow::setComputeDtype(const QString& dtype) {
    if (dtype == m_requests->dtype())
        return;
    m_requests->setDtype(dtype);
    for (int s = 0; s < Workspace::kSlots; ++s) // the same folders, computed in the new dtype
        if (m_ws.slots[size_t(s)].loaded)
            m_requests->loadModel(s, m_ws.slots[size_t(s)].path);
    m_sessions->userChanged();
}

bool MainWindow::startWithDemo() {
    const bool ok = loadDemoFamily();
    m_sessions->startPristine();
    return ok;
}

bool MainWindow::loadPrompts(const QString& path) {
    if (!m_requests->loadPrompts(path))
        return false;
    m_sessions->userChanged();
    changed();
    return true;
}

bool MainWindow::addReference(const QString& dir) {
    const QString error = addReferences(m_ws, dir);
    error.isEmpty() ? changed() : showError(error);
    return error.isEmpty();
}

void MainWindow::editPrompts() {
    PromptEditor editor(m_ws.prompts.items, this);
    if (editor.exec() != QDialog::Accepted)
        return;
    auto items = editor.items();
    if (items.empty())
        return showError(tr("A prompt set needs at least one prompt."));
    m_requests->setPrompts(std::move(items));
    m_sessions->userChanged();
    changed();
}

void MainWindow::refresh() {
    m_requests->restartAll();
    m_sessions->userChanged();
    changed();
}

void MainWindow::stop() { m_requests->stop(); }
void MainWindow::resume() { m_requests->resume(); }

void MainWindow::runFineTuning(int maxSteps) {
    try {
        const auto train = WorkbenchDialogs::fineTuningPairs(this, m_ws.prompts, m_view.fineTuneData, m_interactive);
        m_requests->runFineTuning(train, m_view.learningRate, maxSteps);
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
    }
}

void MainWindow::onModelReady(int slot, const core::LoadedModelInfo& info, bool restored) {
    m_status->setDevice(QString::fromStdString(info.device), QString::fromStdString(info.dtype));
    for (QAction* a : m_dtypes->actions()) // the menu shows the session's choice
        a->setChecked(a->data().toString() == m_requests->dtype());
    m_views->column(slot)->setVisible(true);
    if (restored)
        m_sessions->setDirty(m_sessions->recovered()); // a recovered session stays unsaved
    else if (!m_requests->restoring())
        m_sessions->setDirty(true);
    changed();
}

void MainWindow::chooseReward() {
    const QString dir = WorkbenchDialogs::chooseFolder(this, tr("Reward model folder (sequence classification)"));
    if (dir.isEmpty())
        return;
    AttackPanelSettings a = m_budget->settings();
    a.reward = dir;
    m_budget->setSettings(a);
    refresh();
}

void MainWindow::chooseJudge() {
    const QString dir = WorkbenchDialogs::chooseFolder(this, tr("Judge model folder (a causal LM; yes/no template)"));
    if (dir.isEmpty())
        return;
    AttackPanelSettings a = m_budget->settings();
    a.judge = core::JudgeKind::Model;
    a.judgePath = dir;
    m_budget->setSettings(a);
    refresh();
}

// ---------------------------------------------------------------- sessions

void MainWindow::newSession() {
    m_sessions->newSession();
    refreshViewsNow();
}

bool MainWindow::openSession(const QString& path) { return m_sessions->open(path); }
bool MainWindow::restoreRecovery() { return m_sessions->restoreRecovery(); }

} // namespace auditgap::ui
