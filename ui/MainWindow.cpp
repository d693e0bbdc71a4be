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
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_view.colormap = settings.value(QStringLiteral("view/colormap"), m_view.colormap).toString();
    m_views->syncActions();
    m_ws.resizeHooks();
    m_budget->setHookCount(m_ws.hookCount());
    refreshViewsNow();
}

MainWindow::~MainWindow() = default;

// ---------------------------------------------------------------- construction

void MainWindow::buildDocks() {
    m_budgetDock = new QDockWidget(this);
    m_budgetDock->setObjectName(QStringLiteral("budgetDock"));
    m_budgetDock->setWidget(m_budget);
    addDockWidget(Qt::LeftDockWidgetArea, m_budgetDock);
    addDockWidget(Qt::RightDockWidgetArea, m_views->detailDock());
}

void MainWindow::buildActions() {
    auto make = [this](const char* icon, const QKeySequence& key, auto slot) {
        auto* a = new QAction(this);
        if (*icon)
            a->setIcon(QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(icon))));
        a->setShortcut(key);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    const auto ctrl = [](int key, bool shift = false) { return QKeySequence(Qt::CTRL | (shift ? Qt::SHIFT : Qt::NoModifier) | key); };
    m_new = make("new", QKeySequence::New, [this] { newSession(); });
    m_open = make("open", QKeySequence::Open, [this] {
        if (const QString f = m_sessions->askOpen(); !f.isEmpty())
            openSession(f);
    });
    m_save = make("save", QKeySequence::Save, [this] { m_sessions->save(); });
    m_saveAs = make("", QKeySequence::SaveAs, [this] { m_sessions->saveAs(); });
    m_quit = make("", QKeySequence::Quit, [this] { close(); });
    m_exportPlots = make("export", ctrl(Qt::Key_E), [this] { m_exports->exportAllDialog(); });
    m_exportCsv = make("", QKeySequence(), [this] { m_exports->exportDataDialog(QStringLiteral("csv")); });
    m_exportJson = make("", QKeySequence(), [this] { m_exports->exportDataDialog(QStringLiteral("json")); });
    m_exportReport = make("export", ctrl(Qt::Key_E, true), [this] { m_exports->exportReportDialog(); });
    for (int s = 0; s < Workspace::kSlots; ++s)
        m_loadSlot[s] = make("model", ctrl(Qt::Key_1 + s), [this, s] {
            const QString dir = WorkbenchDialogs::chooseFolder(this, tr("Model folder for %1").arg(Workspace::slotName(s)));
            if (!dir.isEmpty())
                loadModel(s, dir);
        });
    m_loadDemo = make("demo", ctrl(Qt::Key_D), [this] { loadDemoFamily(); });
    m_loadPrompts = make("prompts", ctrl(Qt::Key_P), [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Prompt set"), QString(), tr("Prompt sets (*.jsonl *.csv *.txt)"));
        if (!f.isEmpty())
            loadPrompts(f);
    });
    m_editPrompts = make("", ctrl(Qt::Key_P, true), [this] { editPrompts(); });
    m_addReference = make("", QKeySequence(), [this] {
        if (const QString d = WorkbenchDialogs::chooseFolder(this, tr("The paper's results folder")); !d.isEmpty())
            addReference(d);
    });
    m_run = make("run", QKeySequence(Qt::Key_F5), [this] { refresh(); });
    m_stop = make("stop", QKeySequence(Qt::Key_Escape), [this] { stop(); });
    m_fineTuneAction = make("", ctrl(Qt::Key_F), [this] { runFineTuning(150); });
    m_autoRefineAction = make("", ctrl(Qt::Key_R), [this](bool on) { setAutoRefine(on); });
    m_autoRefineAction->setCheckable(true);
    m_autoRefineAction->setChecked(true);
    m_resetLayout = make("", ctrl(Qt::Key_R, true), [this] {
        restoreState(m_defaultState);
        m_budgetDock->show();
        m_views->detailDock()->show();
    });
    m_prefs = make("", QKeySequence::Preferences, [this] {
        if (const QString error = WorkbenchDialogs::preferences(this); !error.isEmpty())
            showError(error);
    });
    if (m_prefs->shortcut().isEmpty())
        m_prefs->setShortcut(ctrl(Qt::Key_Comma));
    m_about = make("", QKeySequence::HelpContents, [this] { WorkbenchDialogs::about(this); });
}

void MainWindow::buildMenus() {
    auto menu = [this](QMenu* parent, std::initializer_list<QAction*> actions) {
        QMenu* m = parent ? parent->addMenu(QString()) : menuBar()->addMenu(QString());
        for (QAction* a : actions) {
            if (a)
                m->addAction(a);
            else
                m->addSeparator();
        }
        return m;
    };
    m_fileMenu = menu(nullptr, {m_new, m_open});
    m_recentMenu = menu(m_fileMenu, {});
    m_fileMenu->addActions({m_save, m_saveAs, m_addReference, m_exportReport});
    m_exportMenu = menu(m_fileMenu, {m_exportPlots, m_exportCsv, m_exportJson});
    m_fileMenu->addSeparator();
    m_fileMenu->addActions({m_prefs, m_quit});
    m_modelsMenu = menu(nullptr, {m_loadSlot[0], m_loadSlot[1], m_loadSlot[2], nullptr, m_loadDemo});
    m_promptsMenu = menu(nullptr, {m_loadPrompts, m_editPrompts});
    m_runMenu = menu(nullptr, {m_run, m_stop, m_autoRefineAction, m_fineTuneAction});
    m_viewMenu = menu(nullptr, {m_views->differenceAction()});
    m_colormapMenu = menu(m_viewMenu, {});
    m_colormapMenu->addActions(m_views->colormapActions()->actions());
    m_viewMenu->addAction(m_views->logScaleAction());
    m_aggregationMenu = menu(m_viewMenu, {m_views->medianAction(), m_views->meanAction()});
    m_viewMenu->addSeparator();
    m_viewMenu->addActions({m_budgetDock->toggleViewAction(), m_views->detailDock()->toggleViewAction(), m_resetLayout});
    menuBar()->addMenu(m_research->menu());
    m_helpMenu = menu(nullptr, {m_about});
    m_toolbar = addToolBar(QString());
    m_toolbar->setObjectName(QStringLiteral("mainToolbar"));
    m_toolbar->addActions({m_open, m_save, m_loadDemo, m_loadPrompts, m_run, m_stop, m_exportPlots});
    m_sessions->setRecentMenu(m_recentMenu);
}

void MainWindow::buildStatusBar() {
    m_status = new WorkbenchStatus(statusBar(), m_stop, m_requests);
}

void MainWindow::connectParts() {
    connect(m_budget, &BudgetPanel::slidersChanged, this, [this](const std::vector<double>& values, const std::vector<int>& changed) {
        m_requests->onSlidersChanged(values, changed);
        m_sessions->setDirty(true);
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
    connect(m_sessions, &SessionController::titleChanged, this, &QWidget::setWindowTitle);
    connect(m_sessions, &SessionController::failed, this, &MainWindow::showError);
    connect(m_sessions, &SessionController::status, this, &MainWindow::showStatus);
    connect(m_sessions, &SessionController::openRequested, this, &MainWindow::openSession);
    connect(m_sessions, &SessionController::recoveryAccepted, this, &MainWindow::restoreRecovery);
    connect(m_sessions, &SessionController::sessionOpened, this, [this] {
        m_views->syncActions();
        changed();
    });
    connect(m_views, &WorkbenchViews::viewStateChanged, this, [this] { m_sessions->setDirty(true); });
    connect(m_sessions, &SessionController::recoveryDeclined, this, &MainWindow::loadDemoFamily);
    connect(m_exports, &ExportController::failed, this, &MainWindow::showError);
    connect(m_exports, &ExportController::status, this, &MainWindow::showStatus);
    connect(m_research, &ResearchController::status, this, &MainWindow::showStatus);
    connect(m_research, &ResearchController::failed, this, &MainWindow::showError);
}

void MainWindow::retranslate() {
    const std::pair<QAction*, QString> texts[] = {
        {m_new, tr("&New session")}, {m_open, tr("&Open…")}, {m_save, tr("&Save")}, {m_saveAs, tr("Save &As…")},
        {m_quit, tr("&Quit")}, {m_exportPlots, tr("All plots as images…")}, {m_exportCsv, tr("Heatmap data as CSV…")},
        {m_exportJson, tr("Heatmap data as JSON…")}, {m_exportReport, tr("Export &report…")},
        {m_addReference, tr("Add &reference (the paper's results)…")},
        {m_loadDemo, tr("Load the &demo family")}, {m_loadPrompts, tr("&Load prompt set (JSONL, CSV, TXT)…")},
        {m_editPrompts, tr("&View and edit prompts…")}, {m_run, tr("&Run / refresh sweep")}, {m_stop, tr("&Stop")},
        {m_fineTuneAction, tr("Harmful &fine-tuning")},
        {m_autoRefineAction, tr("Refine &automatically (full PGD after the sliders rest)")},
        {m_resetLayout, tr("&Reset layout")}, {m_prefs, tr("&Preferences…")}, {m_about, tr("&About AuditGap")}};
    for (const auto& [action, text] : texts)
        action->setText(text);
    for (int s = 0; s < Workspace::kSlots; ++s)
        m_loadSlot[s]->setText(tr("Load model &%1 from a folder…").arg(Workspace::slotName(s)));
    const std::pair<QMenu*, QString> menus[] = {
        {m_fileMenu, tr("&File")}, {m_recentMenu, tr("Open &Recent")}, {m_exportMenu, tr("&Export")}, {m_modelsMenu, tr("&Models")},
        {m_promptsMenu, tr("&Prompts")}, {m_runMenu, tr("&Run")}, {m_viewMenu, tr("&View")}, {m_colormapMenu, tr("&Colormap")},
        {m_aggregationMenu, tr("LVS &aggregation")}, {m_helpMenu, tr("&Help")}};
    for (const auto& [menu, title] : menus)
        menu->setTitle(title);
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
    m_sessions->setDirty(true);
    changed();
    return true;
}

void MainWindow::loadModel(int slot, const QString& folder) { m_requests->loadModel(slot, folder); }

bool MainWindow::loadPrompts(const QString& path) {
    if (!m_requests->loadPrompts(path))
        return false;
    m_sessions->setDirty(true);
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
    m_sessions->setDirty(true);
    changed();
}

void MainWindow::refresh() {
    m_requests->restartAll();
    m_sessions->setDirty(true);
    changed();
}

void MainWindow::stop() { m_requests->stop(); }

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
    m_views->column(slot)->setVisible(true);
    if (restored)
        m_sessions->setDirty(false);
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
