#include "MainWindow.h"

#include <cmath>
#include <fstream>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTextBrowser>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include "AuditFigures.h"
#include "AuditGapPlot.h"
#include "AuditReport.h"
#include "BudgetPanel.h"
#include "Colormaps.h"
#include "CurvePlot.h"
#include "EngineBridge.h"
#include "Error.h"
#include "HeatmapView.h"
#include "LanguageManager.h"
#include "ModelColumn.h"
#include "PlotStyle.h"
#include "PromptEditor.h"
#include "QtPlot.h"
#include "TextDiff.h"
#include "io/AtomicFile.h"
#include "io/JsonFile.h"
#include "io/Sha256.h"
#include "platform/Runtime.h"

namespace auditgap::ui {

namespace {

QString toQ(const std::string& s) {
    return QString::fromStdString(s);
}

QString fmt(double v, int digits = 3) {
    return std::isfinite(v) ? QString::number(v, 'g', digits) : QStringLiteral("–");
}

// The shipped demo family: $AUDITGAP_DEMO_DIR, else share/auditgap/demo beside the binary or
// installed.
QString demoFolder() {
    const QByteArray env = qgetenv("AUDITGAP_DEMO_DIR");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env);
    try {
        return toQ(core::findDataFile("demo/demo.json").parent_path().string());
    } catch (const std::exception&) {
        return {};
    }
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("AuditGapMainWindow"));
    m_bridge = new EngineBridge(this);
    auto* central = new QSplitter(Qt::Vertical, this);
    auto* columns = new QWidget(central);
    auto* row = new QHBoxLayout(columns);
    row->setContentsMargins(0, 0, 0, 0);
    for (int s = 0; s < Workspace::kSlots; ++s) {
        m_columns[s] = new ModelColumn(s, columns);
        row->addWidget(m_columns[s], 1);
        m_columns[s]->setVisible(s < 2);
        connect(m_columns[s]->refusalView(), &HeatmapView::cellClicked, this,
                [this, s](int r, int c) { onCellClicked(s, r, c); });
        m_columns[s]->refusalView()->setTooltipProvider([this, s](int r, int c) { return refusalTooltip(s, r, c); });
        m_columns[s]->lvsView()->setTooltipProvider([this, s](int r, int c) { return lvsTooltip(s, r, c); });
    }
    auto* bottom = new QWidget(central);
    auto* plots = new QHBoxLayout(bottom);
    plots->setContentsMargins(0, 0, 0, 0);
    m_gap = new AuditGapPlot(bottom);
    m_profile = new CurvePlot(bottom);
    m_fineTune = new CurvePlot(bottom);
    plots->addWidget(m_gap, 1);
    plots->addWidget(m_profile, 1);
    plots->addWidget(m_fineTune, 1);
    central->addWidget(columns);
    central->addWidget(bottom);
    central->setStretchFactor(0, 3);
    central->setStretchFactor(1, 1);
    setCentralWidget(central);

    for (auto [plot, stem] : {std::pair<QCustomPlot*, QString>{m_gap->plot(), QStringLiteral("audit_gap")},
                              {m_profile->plot(), QStringLiteral("lvs_profile")},
                              {m_fineTune->plot(), QStringLiteral("fine_tuning")}}) {
        plot->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(plot, &QWidget::customContextMenuRequested, this,
                [this, plot = plot, stem = stem](const QPoint& pos) { plotContextMenu(plot, pos, stem); });
    }
    for (int s = 0; s < Workspace::kSlots; ++s)
        for (auto [view, stem] : {std::pair<HeatmapView*, QString>{m_columns[s]->refusalView(), QStringLiteral("refusal_")},
                                  {m_columns[s]->lvsView(), QStringLiteral("lvs_")}}) {
            view->plot()->setContextMenuPolicy(Qt::CustomContextMenu);
            connect(view->plot(), &QWidget::customContextMenuRequested, this,
                    [this, view = view, stem = stem + Workspace::slotName(s)](const QPoint& pos) {
                        plotContextMenu(view->plot(), pos, stem);
                    });
        }

    buildDocks();
    buildActions();
    buildMenus();
    buildStatusBar();
    connectBridge();
    retranslate();

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(40);
    connect(&m_refreshTimer, &QTimer::timeout, this, &MainWindow::flushRefresh);
    m_refineTimer.setSingleShot(true);
    m_refineTimer.setInterval(350);
    connect(&m_refineTimer, &QTimer::timeout, this, &MainWindow::requestRefinement);
    m_autosaveTimer.setInterval(30000);
    connect(&m_autosaveTimer, &QTimer::timeout, this, &MainWindow::autosaveNow);
    m_autosaveTimer.start();

    m_defaultState = saveState();
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_colormap = settings.value(QStringLiteral("view/colormap"), m_colormap).toString();
    m_ws.resizeHooks();
    m_budget->setHookCount(m_ws.hookCount());
    updateTitle();
    refreshViewsNow();
}

MainWindow::~MainWindow() {
    if (!m_crashed)
        QFile::remove(recoveryPath());
}

// ---------------------------------------------------------------- construction

void MainWindow::buildDocks() {
    m_budget = new BudgetPanel(this);
    m_budgetDock = new QDockWidget(this);
    m_budgetDock->setObjectName(QStringLiteral("budgetDock"));
    m_budgetDock->setWidget(m_budget);
    addDockWidget(Qt::LeftDockWidgetArea, m_budgetDock);
    connect(m_budget, &BudgetPanel::slidersChanged, this, &MainWindow::onSlidersChanged);
    connect(m_budget, &BudgetPanel::settingsChanged, this, &MainWindow::onSettingsChanged);
    connect(m_budget, &BudgetPanel::chooseRewardRequested, this, &MainWindow::chooseReward);
    connect(m_budget, &BudgetPanel::chooseJudgeRequested, this, &MainWindow::chooseJudge);

    m_detail = new QTextBrowser(this);
    m_detailDock = new QDockWidget(this);
    m_detailDock->setObjectName(QStringLiteral("detailDock"));
    m_detailDock->setWidget(m_detail);
    addDockWidget(Qt::RightDockWidgetArea, m_detailDock);
}

void MainWindow::buildActions() {
    auto make = [this](const QString& icon, const QKeySequence& key, auto slot) {
        auto* a = new QAction(this);
        if (!icon.isEmpty())
            a->setIcon(QIcon(QStringLiteral(":/icons/%1.svg").arg(icon)));
        if (!key.isEmpty())
            a->setShortcut(key);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    m_new = make(QStringLiteral("new"), QKeySequence::New, [this] {
        stop();
        m_ws = Workspace();
        m_ws.resizeHooks();
        m_budget->setHookCount(m_ws.hookCount());
        m_sessionPath.clear();
        setDirty(false);
        refreshViewsNow();
    });
    m_open = make(QStringLiteral("open"), QKeySequence::Open, [this] { openDialog(); });
    m_save = make(QStringLiteral("save"), QKeySequence::Save, [this] {
        if (m_sessionPath.isEmpty())
            saveAs();
        else
            saveSession(m_sessionPath);
    });
    m_saveAs = make(QString(), QKeySequence::SaveAs, [this] { saveAs(); });
    m_quit = make(QString(), QKeySequence::Quit, [this] { close(); });
    m_exportPlots = make(QStringLiteral("export"), QKeySequence(Qt::CTRL | Qt::Key_E), [this] { exportAllDialog(); });
    m_exportCsv = make(QString(), QKeySequence(), [this] { exportDataDialog(QStringLiteral("csv")); });
    m_exportJson = make(QString(), QKeySequence(), [this] { exportDataDialog(QStringLiteral("json")); });
    m_exportReport = make(QStringLiteral("export"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), [this] { exportReportDialog(); });
    for (int s = 0; s < Workspace::kSlots; ++s)
        m_loadSlot[s] = make(QStringLiteral("model"), QKeySequence(Qt::CTRL | (Qt::Key_1 + s)), [this, s] {
            const QString dir = QFileDialog::getExistingDirectory(this, tr("Model folder for %1").arg(Workspace::slotName(s)));
            if (!dir.isEmpty())
                loadModel(s, dir);
        });
    m_loadDemo = make(QStringLiteral("demo"), QKeySequence(Qt::CTRL | Qt::Key_D), [this] { loadDemoFamily(); });
    m_loadPrompts = make(QStringLiteral("prompts"), QKeySequence(Qt::CTRL | Qt::Key_P), [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Prompt set"), QString(),
                                                       tr("Prompt sets (*.jsonl *.csv *.txt)"));
        if (!f.isEmpty())
            loadPrompts(f);
    });
    m_editPrompts = make(QString(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), [this] { editPrompts(); });
    m_run = make(QStringLiteral("run"), QKeySequence(Qt::Key_F5), [this] { refresh(); });
    m_stop = make(QStringLiteral("stop"), QKeySequence(Qt::Key_Escape), [this] { stop(); });
    m_fineTuneAction = make(QString(), QKeySequence(Qt::CTRL | Qt::Key_F), [this] { runFineTuning(150); });
    m_autoRefineAction = make(QString(), QKeySequence(Qt::CTRL | Qt::Key_R), [this](bool on) { setAutoRefine(on); });
    m_autoRefineAction->setCheckable(true);
    m_autoRefineAction->setChecked(true);
    m_diff = make(QString(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), [this](bool on) { setDifferenceView(on); });
    m_diff->setCheckable(true);
    m_log = make(QString(), QKeySequence(Qt::CTRL | Qt::Key_L), [this](bool on) { setLogScale(on); });
    m_log->setCheckable(true);
    m_resetLayout = make(QString(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), [this] {
        restoreState(m_defaultState);
        m_budgetDock->show();
        m_detailDock->show();
    });
    m_prefs = make(QString(), QKeySequence::Preferences, [this] { preferences(); });
    if (m_prefs->shortcut().isEmpty())
        m_prefs->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_about = make(QString(), QKeySequence::HelpContents, [this] { about(); });
    m_median = make(QString(), QKeySequence(Qt::CTRL | Qt::Key_M), [this] { setAggregation(Aggregation::Median); });
    m_mean = make(QString(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M), [this] { setAggregation(Aggregation::Mean); });
    auto* aggregation = new QActionGroup(this);
    for (QAction* a : {m_median, m_mean}) {
        a->setCheckable(true);
        aggregation->addAction(a);
    }
    m_median->setChecked(true);
    m_colormapGroup = new QActionGroup(this);
    for (const QString& name : Colormaps::sequentialNames()) {
        auto* a = new QAction(name, this);
        a->setCheckable(true);
        a->setData(name);
        a->setChecked(name == m_colormap);
        m_colormapGroup->addAction(a);
        connect(a, &QAction::triggered, this, [this, name] { setColormap(name); });
    }
}

void MainWindow::buildMenus() {
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(m_new);
    m_fileMenu->addAction(m_open);
    m_recentMenu = m_fileMenu->addMenu(QString());
    m_fileMenu->addAction(m_save);
    m_fileMenu->addAction(m_saveAs);
    m_exportMenu = m_fileMenu->addMenu(QString());
    m_exportMenu->addAction(m_exportPlots);
    m_exportMenu->addAction(m_exportCsv);
    m_exportMenu->addAction(m_exportJson);
    m_fileMenu->insertAction(m_exportMenu->menuAction(), m_exportReport);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_prefs);
    m_fileMenu->addAction(m_quit);
    m_modelsMenu = menuBar()->addMenu(QString());
    for (auto* a : m_loadSlot)
        m_modelsMenu->addAction(a);
    m_modelsMenu->addSeparator();
    m_modelsMenu->addAction(m_loadDemo);
    m_promptsMenu = menuBar()->addMenu(QString());
    m_promptsMenu->addAction(m_loadPrompts);
    m_promptsMenu->addAction(m_editPrompts);
    m_runMenu = menuBar()->addMenu(QString());
    m_runMenu->addAction(m_run);
    m_runMenu->addAction(m_stop);
    m_runMenu->addAction(m_autoRefineAction);
    m_runMenu->addAction(m_fineTuneAction);
    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->addAction(m_diff);
    m_colormapMenu = m_viewMenu->addMenu(QString());
    m_colormapMenu->addActions(m_colormapGroup->actions());
    m_viewMenu->addAction(m_log);
    m_aggregationMenu = m_viewMenu->addMenu(QString());
    m_aggregationMenu->addAction(m_median);
    m_aggregationMenu->addAction(m_mean);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_budgetDock->toggleViewAction());
    m_viewMenu->addAction(m_detailDock->toggleViewAction());
    m_viewMenu->addAction(m_resetLayout);
    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_about);

    m_toolbar = addToolBar(QString());
    m_toolbar->setObjectName(QStringLiteral("mainToolbar"));
    for (QAction* a : {m_open, m_save, m_loadDemo, m_loadPrompts, m_run, m_stop, m_exportPlots})
        m_toolbar->addAction(a);
    rebuildRecentMenu();
}

void MainWindow::buildStatusBar() {
    m_deviceLabel = new QLabel(this);
    m_stateLabel = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(true);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_stopButton = new QToolButton(this);
    m_stopButton->setDefaultAction(m_stop);
    statusBar()->addWidget(m_deviceLabel);
    statusBar()->addWidget(m_stateLabel, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_stopButton);
}

void MainWindow::retranslate() {
    m_new->setText(tr("&New session"));
    m_open->setText(tr("&Open…"));
    m_save->setText(tr("&Save"));
    m_saveAs->setText(tr("Save &As…"));
    m_quit->setText(tr("&Quit"));
    m_exportPlots->setText(tr("All plots as images…"));
    m_exportCsv->setText(tr("Heatmap data as CSV…"));
    m_exportJson->setText(tr("Heatmap data as JSON…"));
    m_exportReport->setText(tr("Export &report…"));
    for (int s = 0; s < Workspace::kSlots; ++s)
        m_loadSlot[s]->setText(tr("Load model &%1 from a folder…").arg(Workspace::slotName(s)));
    m_loadDemo->setText(tr("Load the &demo family"));
    m_loadPrompts->setText(tr("&Load prompt set (JSONL, CSV, TXT)…"));
    m_editPrompts->setText(tr("&View and edit prompts…"));
    m_run->setText(tr("&Run / refresh sweep"));
    m_stop->setText(tr("&Stop"));
    m_fineTuneAction->setText(tr("Harmful &fine-tuning"));
    m_autoRefineAction->setText(tr("Refine &automatically (full PGD after the sliders rest)"));
    m_diff->setText(tr("&Difference view (B − A)"));
    m_log->setText(tr("&Logarithmic colour scale"));
    m_resetLayout->setText(tr("&Reset layout"));
    m_prefs->setText(tr("&Preferences…"));
    m_about->setText(tr("&About AuditGap"));
    m_median->setText(tr("Median with bootstrap CI (released code)"));
    m_mean->setText(tr("Mean (paper)"));
    m_fileMenu->setTitle(tr("&File"));
    m_recentMenu->setTitle(tr("Open &Recent"));
    m_exportMenu->setTitle(tr("&Export"));
    m_modelsMenu->setTitle(tr("&Models"));
    m_promptsMenu->setTitle(tr("&Prompts"));
    m_runMenu->setTitle(tr("&Run"));
    m_viewMenu->setTitle(tr("&View"));
    m_colormapMenu->setTitle(tr("&Colormap"));
    m_aggregationMenu->setTitle(tr("LVS &aggregation"));
    m_helpMenu->setTitle(tr("&Help"));
    m_toolbar->setWindowTitle(tr("Main toolbar"));
    m_budgetDock->setWindowTitle(tr("Budgets"));
    m_detailDock->setWindowTitle(tr("Cell details"));
    m_detail->setPlaceholderText(tr("Click a refusal-heatmap cell to see the prompt, both generations and the scores."));
    m_progress->setFormat(tr("%p%"));
    updateTitle();
    scheduleRefresh();
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::connectBridge() {
    connect(m_bridge, &EngineBridge::modelLoaded, this, &MainWindow::onModelLoaded);
    connect(m_bridge, &EngineBridge::jobFailed, this, [this](const QString& channel, const QString& error) {
        if (channel.startsWith(QLatin1String("load:"))) {
            finishLoading(channel.at(5).unicode() - u'A');
            m_pendingSession.reset();
        }
        showError(error);
    });
    connect(m_bridge, &EngineBridge::estimateReady, this,
            [this](int slot, const std::vector<int>& hooks, const std::vector<double>& budgets,
                   const std::shared_ptr<const core::LiveEstimate>& e) {
                m_ws.applyEstimate(slot, hooks, budgets, *e);
                scheduleRefresh(e->clean.empty() ? slot : -1);
            });
    connect(m_bridge, &EngineBridge::gradientsReady, this,
            [this](int slot, const std::shared_ptr<const core::RefusalGradients>& g) {
                m_ws.slots[size_t(slot)].gradients = *g;
            });
    // While a slider is dragged, estimates are not cancelled by each move (they would starve):
    // one runs at a time per model, and when it ends the next covers whatever is still stale.
    connect(m_bridge, &EngineBridge::jobEnded, this, [this](const QString& channel) {
        if (!channel.startsWith(QLatin1String("estimate:")))
            return;
        const int slot = channel.at(9).unicode() - u'A';
        m_estimating[slot] = false;
        requestEstimates(slot);
    });
    connect(m_bridge, &EngineBridge::refinedCells, this,
            [this](int slot, const std::shared_ptr<const std::vector<core::AuditCell>>& cells) {
                m_ws.applyRefined(slot, *cells);
                m_environment = currentEnvironment();
                setDirty(true);
                scheduleRefresh();
            });
    connect(m_bridge, &EngineBridge::gridLayer, this, [this](int slot, const std::shared_ptr<const core::AuditResults>& r) {
        m_ws.applyGrid(slot, *r);
        m_environment = currentEnvironment();
        setDirty(true);
        scheduleRefresh();
    });
    connect(m_bridge, &EngineBridge::fineTunePoint, this, [this](int slot, const core::FineTuneCurve::Point& p) {
        m_ws.slots[size_t(slot)].fineTune.push_back({p.step, p.compliance, p.refusal, p.loss});
        scheduleRefresh();
    });
    connect(m_bridge, &EngineBridge::fineTuneFinished, this, [this](int slot, std::optional<int> onset) {
        m_ws.slots[size_t(slot)].fineTuneOnset = onset;
        m_environment = currentEnvironment();
        setDirty(true);
        scheduleRefresh();
    });
    connect(m_bridge, &EngineBridge::progress, this,
            [this](const QString& channel, qint64 done, qint64 total, double eta) {
                if (channel.startsWith(QLatin1String("estimate:")))
                    return;
                m_progress->setRange(0, static_cast<int>(std::max<qint64>(1, total)));
                m_progress->setValue(static_cast<int>(done));
                m_stateLabel->setText(eta >= 0 ? tr("%1: %2 of %3, about %4 s left").arg(channel).arg(done).arg(total).arg(std::lround(eta))
                                               : tr("%1: %2 of %3").arg(channel).arg(done).arg(total));
            });
    connect(m_bridge, &EngineBridge::busyChanged, this, [this](bool busy) {
        m_stop->setEnabled(busy);
        if (!busy) {
            m_stateLabel->setText(tr("Idle"));
            m_progress->setRange(0, 1);
            m_progress->setValue(1);
        }
    });
    m_stop->setEnabled(false);
}

// ---------------------------------------------------------------- small helpers

void MainWindow::updateTitle() {
    const QString name = m_sessionPath.isEmpty() ? tr("Untitled session") : QFileInfo(m_sessionPath).fileName();
    setWindowTitle(tr("%1%2 — AuditGap").arg(name, m_dirty ? QStringLiteral(" *") : QString()));
}

void MainWindow::setDirty(bool dirty) {
    if (m_dirty == dirty)
        return;
    m_dirty = dirty;
    updateTitle();
}

void MainWindow::showError(const QString& message) {
    m_lastError = message;
    statusBar()->showMessage(message, 15000);
    if (!m_interactive)
        return;
    auto* box = new QMessageBox(QMessageBox::Critical, tr("AuditGap"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // not modal for the event loop: engine results keep arriving
}

void MainWindow::scheduleRefresh(int slot) {
    if (slot >= 0 && !m_difference)
        m_dirtyRefusal[slot] = true;
    else
        m_dirtyAll = true;
    if (m_refreshTimer.isActive())
        return;
    const qint64 since = m_sinceRefresh.isValid() ? m_sinceRefresh.elapsed() : 1000;
    m_refreshTimer.start(static_cast<int>(std::max<qint64>(0, 40 - since)));
}

void MainWindow::flushRefresh() {
    if (m_dirtyAll) {
        refreshViewsNow();
        return;
    }
    m_sinceRefresh.start();
    for (int s = 0; s < Workspace::kSlots; ++s)
        if (m_dirtyRefusal[s]) {
            m_dirtyRefusal[s] = false;
            refreshRefusal(s);
        }
}

void MainWindow::refreshRefusal(int s) {
    HeatmapView* r = m_columns[s]->refusalView();
    r->setMatrix(m_ws.refusal(s));
}

bool MainWindow::idle() const {
    // A refinement waiting for the sliders to rest counts as work.
    return !m_bridge->busy() && m_loading == 0 && !m_refineTimer.isActive();
}

bool MainWindow::gridComplete() const {
    for (int s = 0; s < Workspace::kSlots; ++s)
        if (!m_ws.gridComplete(s))
            return false;
    return true;
}

int MainWindow::gapHook() const {
    return AuditFigures::gapHook(m_ws, m_nudgeHook);
}

double MainWindow::plotBudget() const {
    return AuditFigures::plotBudget(m_ws, m_headline);
}

core::AuditSettings MainWindow::settingsFor(int slot) const {
    core::AuditSettings s;
    const auto& sl = m_ws.slots[size_t(slot)];
    s.models = {{sl.name.toStdString(), sl.path.toStdString()}};
    s.prompts = m_ws.prompts.source;
    m_budget->settings().applyTo(s);
    s.budgets = m_ws.budgetGrid;
    s.batchSize = 16;
    return s;
}

// ---------------------------------------------------------------- models, prompts, runs

bool MainWindow::loadDemoFamily() {
    const QString dir = demoFolder();
    if (dir.isEmpty() || !QFileInfo::exists(dir + QStringLiteral("/demo.json"))) {
        showError(tr("The demo family was not found (looked in $AUDITGAP_DEMO_DIR and share/auditgap/demo)."));
        return false;
    }
    try {
        const auto manifest = core::readJsonFile((dir + QStringLiteral("/demo.json")).toStdString());
        m_headline = manifest.value("headline_budget", 1e-3);
        m_nudgeHook = static_cast<int>(manifest.value("nudge_layer", -2)) + 1;
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    m_budget->setHeadlineBudget(m_headline);
    m_lr = 1e-4; // demo scale (DESIGN §1.4 uses 1e-5 for 2-9B models)
    m_fineTuneData = dir + QStringLiteral("/prompts/harmful_train.jsonl");
    AttackPanelSettings a = m_budget->settings();
    a.reward = dir + QStringLiteral("/reward");
    m_budget->setSettings(a);
    if (!loadPrompts(dir + QStringLiteral("/prompts/showcase.jsonl")))
        return false;
    loadModel(0, dir + QStringLiteral("/base"));
    loadModel(1, dir + QStringLiteral("/dissociated"));
    m_ws.slots[0].name = QStringLiteral("base");
    m_ws.slots[1].name = QStringLiteral("dissociated");
    return true;
}

void MainWindow::finishLoading(int slot) {
    if (slot >= 0 && slot < Workspace::kSlots && m_loadingSlot[slot]) {
        m_loadingSlot[slot] = false;
        --m_loading;
    }
}

void MainWindow::loadModel(int slot, const QString& folder) {
    if (!m_loadingSlot[slot]) {
        m_loadingSlot[slot] = true;
        ++m_loading;
    }
    m_estimating[slot] = false; // the bridge cancels the slot's running work
    m_gradientsAsked[slot] = false;
    m_stateLabel->setText(tr("Loading %1…").arg(folder));
    m_bridge->loadModel(slot, folder, QString(), QString());
}

void MainWindow::onModelLoaded(int slot, const QString& path, const core::LoadedModelInfo& info) {
    finishLoading(slot);
    auto& s = m_ws.slots[size_t(slot)];
    const QString name = s.name.isEmpty() || s.path != path ? QFileInfo(path).fileName() : s.name;
    m_ws.clearResults(slot);
    s.loaded = true;
    s.name = name;
    s.path = path;
    s.info = info;
    m_ws.resizeHooks();
    m_budget->setHookCount(m_ws.hookCount());
    m_ws.sliders = m_budget->values();
    m_columns[slot]->setVisible(true);
    m_deviceLabel->setText(tr("%1 · %2").arg(toQ(info.device), toQ(info.dtype)));
    if (m_pendingSession) {
        bool all = true;
        for (const auto& m : m_pendingSession->models) {
            const int i = m.slot[0] - 'A';
            all = all && m_ws.slots[size_t(i)].loaded && m_ws.slots[size_t(i)].path == toQ(m.path);
        }
        if (all && m_loading == 0) {
            const core::Session session = *m_pendingSession;
            m_pendingSession.reset();
            m_ws.restoreResults(session);
            m_budget->setValues(m_ws.sliders);
            m_ws.sliders = m_budget->values();
            for (int i = 0; i < Workspace::kSlots; ++i)
                if (m_ws.slots[size_t(i)].loaded) {
                    requestEstimates(i);
                    startGrid(i);
                }
            m_refineTimer.start();
            setDirty(false);
        }
        scheduleRefresh();
        return;
    }
    if (m_nudgeHook > 0 && slot == 0 && m_nudgeHook < m_ws.hookCount() &&
        std::all_of(m_ws.sliders.begin(), m_ws.sliders.end(), [](double v) { return v == 0.0; }))
        m_budget->setValue(m_nudgeHook, m_headline); // the demo opens on its headline budget
    requestEstimates(slot);
    startGrid(slot);
    m_refineTimer.start();
    setDirty(true);
    scheduleRefresh();
}

bool MainWindow::loadPrompts(const QString& path) {
    try {
        core::PromptSet set = core::PromptSet::load(path.toStdString());
        stop();
        m_ws.prompts = std::move(set);
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    restartAll(true);
    return true;
}

void MainWindow::editPrompts() {
    PromptEditor editor(m_ws.prompts.items, this);
    if (editor.exec() != QDialog::Accepted)
        return;
    auto items = editor.items();
    if (items.empty()) {
        showError(tr("A prompt set needs at least one prompt."));
        return;
    }
    stop();
    m_ws.prompts.items = std::move(items);
    m_ws.prompts.source = "inline";
    m_ws.prompts.sha256.clear();
    restartAll(true);
}

void MainWindow::restartAll(bool promptsChanged) {
    stop();
    m_ws.clearAllResults(!promptsChanged);
    for (int s = 0; s < Workspace::kSlots; ++s)
        if (m_ws.slots[size_t(s)].loaded) {
            requestEstimates(s);
            startGrid(s);
        }
    m_refineTimer.start();
    setDirty(true);
    scheduleRefresh();
}

void MainWindow::refresh() {
    restartAll();
}

void MainWindow::stop() {
    m_bridge->stopAll();
    for (bool& g : m_gradientsAsked)
        g = false; // cancelled: ask again when needed
    for (bool& e : m_estimating)
        e = false; // cancelled work reports no jobEnded
    m_refineTimer.stop();
}

void MainWindow::onSlidersChanged(const std::vector<double>& values, const std::vector<int>& changed) {
    m_ws.sliders = values;
    const bool pgd = m_budget->settings().attack == core::AttackKind::Pgd;
    for (int s = 0; s < Workspace::kSlots; ++s) {
        // The instant tier first (no model call), then the exact one-step estimate.
        if (pgd && m_ws.slots[size_t(s)].loaded && m_ws.applyLinearEstimate(s, changed))
            scheduleRefresh(s);
        requestEstimates(s);
    }
    m_refineTimer.start();
    setDirty(true);
    scheduleRefresh();
}

void MainWindow::onSettingsChanged() {
    restartAll();
}

void MainWindow::requestEstimates(int slot) {
    const auto& s = m_ws.slots[size_t(slot)];
    if (!s.loaded || m_ws.prompts.items.empty())
        return;
    if (!s.gradients && m_budget->settings().attack == core::AttackKind::Pgd && !m_gradientsAsked[slot]) {
        m_gradientsAsked[slot] = true;
        m_bridge->gradients(slot, s.path, m_ws.prompts.items);
    }
    if (m_estimating[slot])
        return; // the running estimate's end asks again
    const std::vector<int> hooks = m_ws.hooksNeedingEstimate(slot);
    const bool clean = m_ws.needsCleanEstimate(slot);
    if (hooks.empty() && !clean)
        return;
    m_estimating[slot] = true;
    core::LiveEstimateRequest rq;
    rq.prompts = m_ws.prompts.items;
    const AttackPanelSettings a = m_budget->settings();
    rq.target = a.target.toStdString();
    rq.attack = a.attack;
    rq.clean = clean;
    for (int h : hooks) {
        rq.layers.push_back(Workspace::hookLayer(h));
        rq.budgets.push_back(m_ws.sliders[size_t(h)]);
    }
    m_bridge->estimate(slot, s.path, rq, hooks);
}

void MainWindow::setAutoRefine(bool on) {
    m_autoRefine = on;
    m_autoRefineAction->setChecked(on);
    if (on)
        m_refineTimer.start();
    else
        m_bridge->cancelRefinement();
}

void MainWindow::requestRefinement() {
    if (!m_autoRefine)
        return;
    for (int s = 0; s < Workspace::kSlots; ++s) {
        if (!m_ws.slots[size_t(s)].loaded || m_ws.prompts.items.empty())
            continue;
        const std::vector<int> hooks = m_ws.hooksNeedingRefine(s);
        if (hooks.empty())
            continue;
        std::vector<double> budgets;
        for (int h : hooks)
            budgets.push_back(m_ws.sliders[size_t(h)]);
        m_bridge->refine(s, settingsFor(s), m_ws.prompts, hooks, budgets);
    }
}

void MainWindow::startGrid(int slot) {
    const auto& s = m_ws.slots[size_t(slot)];
    if (!s.loaded || m_ws.prompts.items.empty() || m_ws.gridComplete(slot))
        return;
    std::vector<int> missing;
    for (int h = 0; h <= s.info.numLayers; ++h) {
        const std::string layer = Workspace::hookLayer(h);
        const bool have = std::any_of(s.grid.summaries.begin(), s.grid.summaries.end(),
                                      [&](const core::AuditSummary& x) { return x.layer == layer; });
        if (!have)
            missing.push_back(h);
    }
    m_bridge->grid(slot, settingsFor(slot), m_ws.prompts, missing);
}

void MainWindow::runFineTuning(int maxSteps) {
    std::vector<std::pair<std::string, std::string>> train;
    auto collect = [&](const core::PromptSet& set) {
        for (size_t i = 0; i < set.items.size(); ++i)
            if (set.isHarmful(i) && !set.items[i].response.empty())
                train.emplace_back(set.items[i].prompt, set.items[i].response);
    };
    try {
        if (!m_fineTuneData.isEmpty())
            collect(core::PromptSet::load(m_fineTuneData.toStdString()));
        if (train.empty())
            collect(m_ws.prompts);
        if (train.empty()) {
            const QString f = m_interactive ? QFileDialog::getOpenFileName(this, tr("Fine-tuning pairs (JSONL with \"response\")"),
                                                                           QString(), tr("JSONL (*.jsonl)"))
                                            : QString();
            if (f.isEmpty()) {
                showError(tr("Harmful fine-tuning needs (prompt, response) pairs: a JSONL file with a \"response\" field."));
                return;
            }
            m_fineTuneData = f;
            collect(core::PromptSet::load(f.toStdString()));
        }
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return;
    }
    if (train.empty()) {
        showError(tr("%1: no harmful prompt with a \"response\" field").arg(m_fineTuneData));
        return;
    }
    std::vector<std::string> eval;
    for (size_t i = 0; i < m_ws.prompts.items.size(); ++i)
        if (m_ws.prompts.isHarmful(i))
            eval.push_back(m_ws.prompts.items[i].prompt);
    for (int s = 0; s < Workspace::kSlots; ++s) {
        auto& sl = m_ws.slots[size_t(s)];
        if (!sl.loaded)
            continue;
        sl.fineTune.clear();
        sl.fineTuneOnset.reset();
        core::FineTuneRequest rq;
        rq.path = sl.path.toStdString();
        rq.train = train;
        rq.evalPrompts = eval;
        rq.learningRate = m_lr;
        rq.maxSteps = maxSteps;
        rq.evalEvery = std::min(10, std::max(1, maxSteps / 3));
        m_bridge->fineTune(s, rq);
    }
    scheduleRefresh();
}

// ---------------------------------------------------------------- views

void MainWindow::setDifferenceView(bool on) {
    m_difference = on;
    m_diff->setChecked(on);
    setDirty(true);
    refreshViewsNow();
}

void MainWindow::setAggregation(Aggregation a) {
    m_aggregation = a;
    (a == Aggregation::Median ? m_median : m_mean)->setChecked(true);
    setDirty(true);
    refreshViewsNow();
}

void MainWindow::setColormap(const QString& name) {
    m_colormap = Colormaps::sequentialNames().contains(name) ? name : QStringLiteral("viridis");
    for (QAction* a : m_colormapGroup->actions())
        a->setChecked(a->data().toString() == m_colormap);
    QSettings().setValue(QStringLiteral("view/colormap"), m_colormap);
    setDirty(true);
    refreshViewsNow();
}

void MainWindow::setLogScale(bool on) {
    m_logScale = on;
    m_log->setChecked(on);
    setDirty(true);
    refreshViewsNow();
}

void MainWindow::refreshViewsNow() {
    m_sinceRefresh.start();
    m_dirtyAll = false;
    for (bool& d : m_dirtyRefusal)
        d = false;
    const bool diff = m_difference && m_ws.slots[0].loaded;
    // Shared LVS scale over every loaded model.
    std::vector<HeatmapMatrix> lvs, refusal;
    for (int s = 0; s < Workspace::kSlots; ++s) {
        lvs.push_back(m_ws.lvs(s, m_aggregation));
        refusal.push_back(m_ws.refusal(s));
    }
    const AuditFigures::LvsRange range = AuditFigures::lvsRange(lvs);
    std::vector<double> markers;
    for (double p : m_ws.sliders)
        markers.push_back(m_ws.gridPosition(p));
    for (int s = 0; s < Workspace::kSlots; ++s) {
        ModelColumn* col = m_columns[s];
        const auto& sl = m_ws.slots[size_t(s)];
        col->setVisible(sl.loaded || s < 2);
        HeatmapView* r = col->refusalView();
        HeatmapView* l = col->lvsView();
        if (diff && s > 0 && sl.loaded) {
            r->setMatrix(HeatmapMatrix::difference(refusal[s], refusal[0]));
            r->setGradient(Colormaps::diverging());
            r->setLogScale(false);
            r->setDataRange(-1.0, 1.0);
            r->setTitle(tr("Refusal, %1 − A").arg(Workspace::slotName(s)));
            r->setAxisTitles(tr("prompt"), tr("layer"), tr("Δ refusal"));
            l->setMatrix(HeatmapMatrix::difference(lvs[s], lvs[0]));
            l->setGradient(Colormaps::diverging());
            l->setLogScale(false);
            l->setDataRange(-range.hi, range.hi);
            l->setMarkers(markers);
            l->setTitle(tr("LVS, %1 − A").arg(Workspace::slotName(s)));
            l->setAxisTitles(tr("relative budget p"), tr("layer"), tr("Δ LVS"));
        } else {
            AuditFigures::showRefusal(r, refusal[s], m_colormap);
            AuditFigures::showLvs(l, lvs[s], m_colormap, m_logScale, range, markers);
        }
        if (sl.loaded) {
            const Interval cr = m_ws.cleanRefusal(refusal[s]);
            col->setHeader(tr("%1 — clean refusal %2 [%3, %4]")
                               .arg(AuditFigures::modelLabel(m_ws, s), fmt(cr.value, 2), fmt(cr.lo, 2), fmt(cr.hi, 2)));
        } else {
            col->setHeader(tr("%1 · no model").arg(Workspace::slotName(s)));
        }
    }

    // Audit gap, profiles, fine-tuning curves.
    AuditFigures::show(AuditFigures::compute(m_ws, gapHook(), plotBudget(), m_aggregation), m_gap, m_profile, m_fineTune);
}

QString MainWindow::refusalTooltip(int slot, int row, int col) const {
    if (col >= static_cast<int>(m_ws.prompts.items.size()))
        return {};
    const auto& item = m_ws.prompts.items[size_t(col)];
    const double v = m_columns[slot]->refusalView()->value(row, col);
    QString where = row == 0 ? tr("clean") : tr("layer %1, p = %2").arg(Workspace::hookLabel(row - 1), fmt(m_ws.sliders[size_t(row - 1)]));
    QString how;
    if (row > 0 && m_ws.sliders[size_t(row - 1)] > 0) {
        const auto* c = m_ws.refinedCell(slot, row - 1, col);
        const auto& sl = m_ws.slots[size_t(slot)];
        const bool exact = size_t(row - 1) < sl.estimateExact.size() && sl.estimateExact[size_t(row - 1)];
        how = c ? tr("full attack: %1").arg(toQ(c->attackedVerdict))
                : (exact ? tr("one-step logit estimate (refining…)") : tr("instant linear estimate (refining…)"));
    }
    return tr("<b>%1</b> %2<br>%3<br>refusal %4 %5")
        .arg(toQ(item.label), toQ(item.category), QString(toQ(item.prompt)).toHtmlEscaped(), fmt(v), how) +
           QStringLiteral("<br>") + where;
}

QString MainWindow::lvsTooltip(int slot, int row, int col) const {
    if (col >= static_cast<int>(m_ws.budgetGrid.size()))
        return {};
    const Interval v = m_ws.lvsAt(slot, row, m_ws.budgetGrid[size_t(col)], m_aggregation);
    return tr("layer %1, p = %2<br>LVS %3 [%4, %5]")
        .arg(Workspace::hookLabel(row), fmt(m_ws.budgetGrid[size_t(col)]), fmt(v.value), fmt(v.lo), fmt(v.hi));
}

void MainWindow::onCellClicked(int slot, int row, int col) {
    if (col >= static_cast<int>(m_ws.prompts.items.size()))
        return;
    const auto& item = m_ws.prompts.items[size_t(col)];
    QString html = tr("<h3>Model %1 · prompt %2</h3>").arg(tr("%1 · %2").arg(Workspace::slotName(slot), m_ws.slots[size_t(slot)].name)).arg(col);
    html += QStringLiteral("<p><i>%1</i></p>").arg(QString(toQ(item.prompt)).toHtmlEscaped());
    const core::AuditCell* c = row > 0 ? m_ws.refinedCell(slot, row - 1, col) : nullptr;
    if (!c && row == 0)
        for (const auto& [key, cell] : m_ws.slots[size_t(slot)].refined)
            if (key.second == col) {
                c = &cell;
                break;
            }
    if (!c && row > 0 && !(m_ws.sliders[size_t(row - 1)] > 0.0)) {
        html += tr("<p>No attack at this layer (its slider is at 0): the row shows the clean behaviour, refusal %1.</p>")
                    .arg(fmt(m_columns[slot]->refusalView()->value(row, col)));
    } else if (!c) {
        html += tr("<p>Refusal estimate %1. The full attack (PGD, generation, judge, reward) for this cell is still running.</p>")
                    .arg(fmt(m_columns[slot]->refusalView()->value(row, col)));
    } else {
        const QPalette pal = palette();
        QColor added = pal.color(QPalette::Highlight);
        added.setAlpha(90);
        html += tr("<p><b>Clean generation</b> (%1)<br>%2</p>").arg(toQ(c->cleanVerdict), QString(toQ(c->clean)).toHtmlEscaped());
        if (row > 0)
            html += tr("<p><b>Perturbed generation</b> at layer %1, p = %2 (%3)<br>%4</p>")
                        .arg(toQ(c->layer), fmt(c->budget), toQ(c->attackedVerdict),
                             TextDiff::html(toQ(c->clean), toQ(c->attacked), added, pal.color(QPalette::PlaceholderText)));
        html += QStringLiteral("<table>");
        auto line = [&](const QString& k, const QString& v) { html += QStringLiteral("<tr><td>%1</td><td><b>%2</b></td></tr>").arg(k, v); };
        line(tr("S(y)"), fmt(c->rewardClean, 4));
        if (row > 0) {
            line(tr("S(y′)"), fmt(c->rewardAttacked, 4));
            line(tr("‖δ‖₂"), fmt(c->deltaL2, 4));
            line(tr("ε"), fmt(c->eps, 4));
            line(tr("judge verdict"), toQ(c->attackedVerdict));
            line(tr("LVS row (η = 1e-4)"), fmt(c->lvs, 4));
            line(tr("target NLL clean → attacked"), tr("%1 → %2").arg(fmt(c->nllClean, 3), fmt(c->nllAttacked, 3)));
        }
        html += QStringLiteral("</table>");
    }
    m_detail->setHtml(html);
    m_detailDock->show();
}

// ---------------------------------------------------------------- sessions

nlohmann::json MainWindow::currentEnvironment() const {
    static const core::RuntimeInfo rt = core::runtimeInfo();
    nlohmann::json env = {{"auditgap", AUDITGAP_VERSION},
                          {"qt", qVersion()},
                          {"libtorch", rt.torchVersion},
                          {"blas", rt.blasKernel.empty() ? rt.blasLibrary : rt.blasKernel + " (" + rt.blasLibrary + ")"},
                          {"threads", rt.threads}};
    for (int i = 0; i < Workspace::kSlots; ++i) {
        const auto& sl = m_ws.slots[size_t(i)];
        if (sl.loaded)
            env["model " + Workspace::slotName(i).toStdString()] = sl.info.device + " · " + sl.info.dtype;
    }
    return env;
}

QString MainWindow::exportReport(const QString& path) {
    try {
        AuditReport(buildSession(), m_sessionPath).write(path);
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return QString::fromUtf8(e.what());
    }
    return {};
}

void MainWindow::exportReportDialog() {
    QString f = QFileDialog::getSaveFileName(this, tr("Export audit report"), QString(),
                                             tr("PDF document (*.pdf);;HTML page (*.html)"));
    if (f.isEmpty())
        return;
    if (QFileInfo(f).suffix().isEmpty())
        f += QStringLiteral(".pdf");
    if (exportReport(f).isEmpty())
        statusBar()->showMessage(tr("Wrote %1").arg(f), 5000);
}

core::Session MainWindow::buildSession() const {
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
    s.settings.budgets = m_ws.budgetGrid;
    for (int i = 0; i < Workspace::kSlots; ++i)
        if (m_ws.slots[size_t(i)].loaded) {
            s.settings.models.push_back({m_ws.slots[size_t(i)].name.toStdString(), m_ws.slots[size_t(i)].path.toStdString()});
        }
    s.linked = m_budget->linked();
    m_ws.storeResults(s);
    s.environment = m_environment;
    s.view = {{"colormap", m_colormap.toStdString()},
              {"log_scale", m_logScale},
              {"difference", m_difference},
              {"aggregation", m_aggregation == Aggregation::Median ? "median" : "mean"},
              {"headline_budget", m_headline},
              {"nudge_hook", m_nudgeHook},
              {"learning_rate", m_lr},
              {"fine_tune_data", m_fineTuneData.toStdString()}};
    return s;
}

bool MainWindow::saveSession(const QString& path) {
    try {
        buildSession().save(path.toStdString());
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    m_sessionPath = path;
    addRecent(path);
    setDirty(false);
    QFile::remove(recoveryPath());
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    return true;
}

bool MainWindow::openSession(const QString& path) {
    core::Session session;
    core::PromptSet prompts;
    SessionView view;
    try {
        session = core::Session::load(path.toStdString());
        // Models: path + SHA-256; a moved folder is relocated by the user and must hash the same.
        for (auto& m : session.models) {
            if (QFileInfo::exists(toQ(m.path) + QStringLiteral("/config.json")))
                continue;
            QString moved;
            if (m_relocate)
                moved = m_relocate(toQ(m.path));
            else if (m_interactive)
                moved = QFileDialog::getExistingDirectory(this, tr("Model %1 (%2) moved: where is it now?").arg(toQ(m.slot), toQ(m.path)));
            if (moved.isEmpty())
                throw core::Error(core::describe(path.toStdString(), "models." + m.slot + ".path",
                                                 "model folder '" + m.path + "' not found"));
            const std::string hash = core::modelHash(moved.toStdString());
            if (hash != m.sha256)
                throw core::Error(core::describe(moved.toStdString(), "sha256",
                                                 "these weights differ from the session's model " + m.slot +
                                                     " (expected " + m.sha256 + ", found " + hash + ")"));
            m.path = moved.toStdString();
        }
        if (!session.inlinePrompts.empty() || !session.promptsPath.empty())
            prompts = session.promptSet(path.toStdString());
        view = SessionView::read(session, path.toStdString());
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return false; // the current session is untouched
    }
    stop();
    m_ws = Workspace();
    m_ws.prompts = std::move(prompts);
    m_ws.budgetGrid = session.settings.budgets;
    m_budget->setSettings(AttackPanelSettings::from(session.settings));
    m_budget->setLinked(session.linked);
    m_colormap = view.colormap;
    m_logScale = view.logScale;
    m_difference = view.difference;
    m_aggregation = view.aggregation;
    m_headline = view.headline;
    m_nudgeHook = view.nudgeHook;
    m_lr = view.learningRate;
    m_fineTuneData = view.fineTuneData;
    m_budget->setHeadlineBudget(m_headline);
    m_diff->setChecked(m_difference);
    m_log->setChecked(m_logScale);
    (m_aggregation == Aggregation::Median ? m_median : m_mean)->setChecked(true);
    for (QAction* a : m_colormapGroup->actions())
        a->setChecked(a->data().toString() == m_colormap);
    m_sessionPath = path == recoveryPath() ? QString() : path;
    if (!m_sessionPath.isEmpty())
        addRecent(path);
    m_pendingSession = session;
    m_environment = session.environment;
    for (const auto& m : session.models) {
        const int i = m.slot[0] - 'A';
        m_ws.slots[size_t(i)].name = toQ(m.name);
        m_ws.slots[size_t(i)].path = toQ(m.path);
        loadModel(i, toQ(m.path));
    }
    if (session.models.empty())
        m_pendingSession.reset();
    m_ws.resizeHooks();
    setDirty(false);
    updateTitle();
    scheduleRefresh();
    return true;
}

void MainWindow::openDialog() {
    const QString f = QFileDialog::getOpenFileName(this, tr("Open session"), QString(), tr("AuditGap sessions (*.agap.json)"));
    if (!f.isEmpty())
        openSession(f);
}

void MainWindow::saveAs() {
    QString f = QFileDialog::getSaveFileName(this, tr("Save session"), m_sessionPath, tr("AuditGap sessions (*.agap.json)"));
    if (f.isEmpty())
        return;
    if (!f.endsWith(QLatin1String(".agap.json")))
        f += QStringLiteral(".agap.json");
    saveSession(f);
}

void MainWindow::addRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 8)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& f : recent)
        m_recentMenu->addAction(f, this, [this, f] { openSession(f); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

QString MainWindow::recoveryPath() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return dir + QStringLiteral("/recovery.agap.json");
}

void MainWindow::autosaveNow() {
    if (!m_dirty || m_pendingSession)
        return;
    try {
        buildSession().save(recoveryPath().toStdString());
    } catch (const std::exception& e) {
        statusBar()->showMessage(tr("Autosave failed: %1").arg(QString::fromUtf8(e.what())), 10000);
    }
}

bool MainWindow::offerRecovery() {
    if (!QFileInfo::exists(recoveryPath()))
        return false;
    if (!m_interactive)
        return true;
    auto* box = new QMessageBox(QMessageBox::Question, tr("Restore session?"),
                                tr("AuditGap did not shut down cleanly. Restore the autosaved session?"),
                                QMessageBox::Yes | QMessageBox::No, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int result) {
        if (result == QMessageBox::Yes) {
            restoreRecovery();
        } else {
            QFile::remove(recoveryPath());
            loadDemoFamily();
        }
    });
    box->open();
    return true;
}

bool MainWindow::restoreRecovery() {
    if (!openSession(recoveryPath()))
        return false;
    setDirty(true);
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_dirty && m_interactive && !m_ws.prompts.items.empty()) {
        const auto answer = QMessageBox::question(this, tr("Unsaved session"), tr("Save the session before closing?"),
                                                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
        if (answer == QMessageBox::Cancel) {
            event->ignore();
            return;
        }
        if (answer == QMessageBox::Save) {
            m_save->trigger();
            if (m_dirty) {
                event->ignore();
                return;
            }
        }
    }
    stop();
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    QFile::remove(recoveryPath());
    event->accept();
}

// ---------------------------------------------------------------- exports

QString MainWindow::exportPlot(QCustomPlot* plot, const QString& path) {
    const QString error = PlotStyle::save(plot, path, std::max(plot->width(), 640), std::max(plot->height(), 420));
    if (!error.isEmpty())
        showError(error);
    return error;
}

QString MainWindow::exportData(const QString& path) {
    try {
        const core::AuditResults r = m_ws.combined();
        if (path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
            r.saveCsv(path.toStdString());
        else
            r.save(path.toStdString());
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return QString::fromUtf8(e.what());
    }
    return {};
}

void MainWindow::exportAllDialog() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the plots"));
    if (dir.isEmpty())
        return;
    QStringList formats{QStringLiteral("png"), QStringLiteral("pdf"), QStringLiteral("svg")};
    int written = 0;
    for (const QString& ext : formats) {
        for (int s = 0; s < Workspace::kSlots; ++s) {
            if (!m_ws.slots[size_t(s)].loaded)
                continue;
            written += exportPlot(m_columns[s]->refusalView()->plot(), dir + QStringLiteral("/refusal_%1.%2").arg(Workspace::slotName(s), ext)).isEmpty();
            written += exportPlot(m_columns[s]->lvsView()->plot(), dir + QStringLiteral("/lvs_%1.%2").arg(Workspace::slotName(s), ext)).isEmpty();
        }
        written += exportPlot(m_gap->plot(), dir + QStringLiteral("/audit_gap.") + ext).isEmpty();
        written += exportPlot(m_profile->plot(), dir + QStringLiteral("/lvs_profile.") + ext).isEmpty();
        written += exportPlot(m_fineTune->plot(), dir + QStringLiteral("/fine_tuning.") + ext).isEmpty();
    }
    statusBar()->showMessage(tr("Wrote %1 files to %2").arg(written).arg(dir), 8000);
}

void MainWindow::exportDataDialog(const QString& suffix) {
    QString f = QFileDialog::getSaveFileName(this, tr("Export heatmap data"), QString(),
                                             suffix == QLatin1String("csv") ? tr("CSV (*.csv)") : tr("JSON (*.json)"));
    if (f.isEmpty())
        return;
    if (!f.endsWith(QLatin1Char('.') + suffix))
        f += QLatin1Char('.') + suffix;
    if (exportData(f).isEmpty())
        statusBar()->showMessage(tr("Wrote %1").arg(f), 5000);
}

void MainWindow::plotContextMenu(QCustomPlot* plot, const QPoint& pos, const QString& stem) {
    QMenu menu(this);
    for (const QString& ext : {QStringLiteral("png"), QStringLiteral("pdf"), QStringLiteral("svg")}) {
        menu.addAction(tr("Export as %1…").arg(ext.toUpper()), this, [this, plot, stem, ext] {
            const QString f = QFileDialog::getSaveFileName(this, tr("Export plot"), stem + QLatin1Char('.') + ext);
            if (!f.isEmpty())
                exportPlot(plot, f);
        });
    }
    menu.exec(plot->mapToGlobal(pos));
}

// ---------------------------------------------------------------- dialogs

void MainWindow::chooseReward() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Reward model folder (sequence classification)"));
    if (dir.isEmpty())
        return;
    AttackPanelSettings a = m_budget->settings();
    a.reward = dir;
    m_budget->setSettings(a);
    onSettingsChanged();
}

void MainWindow::chooseJudge() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Judge model folder (a causal LM; yes/no template)"));
    if (dir.isEmpty())
        return;
    AttackPanelSettings a = m_budget->settings();
    a.judge = core::JudgeKind::Model;
    a.judgePath = dir;
    m_budget->setSettings(a);
    onSettingsChanged();
}

void MainWindow::preferences() {
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Preferences"));
    auto* form = new QFormLayout(&dialog);
    auto* language = new QComboBox(&dialog);
    for (const QString& code : LanguageManager::codes())
        language->addItem(LanguageManager::displayName(code), code);
    language->setCurrentIndex(std::max(0, static_cast<int>(LanguageManager::codes().indexOf(LanguageManager::current()))));
    form->addRow(tr("Language"), language);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString code = language->currentData().toString();
    if (LanguageManager::setLanguage(code))
        QSettings().setValue(QStringLiteral("language"), code);
    else
        showError(tr("The translation for %1 is missing.").arg(code));
}

void MainWindow::about() {
    const core::RuntimeInfo rt = core::runtimeInfo();
    QMessageBox::about(this, tr("About AuditGap"),
                       tr("<h3>AuditGap %1</h3><p>Representation-level safety audits of language models: latent "
                          "vulnerability (LVS) against behavioural refusal, layer by layer.</p>"
                          "<p>Method: Jiang, Gjølbye, Zhang, Koyejo, <i>When Behavioral Safety Evaluation Fails: A "
                          "Representation-Level Perspective</i>, arXiv 2606.08044 (2026).</p>"
                          "<table><tr><td>Qt</td><td>%2</td></tr><tr><td>libtorch</td><td>%3</td></tr>"
                          "<tr><td>Device</td><td>%4</td></tr><tr><td>BLAS</td><td>%5 (%6)</td></tr>"
                          "<tr><td>Threads</td><td>%7</td></tr></table>")
                           .arg(QStringLiteral(AUDITGAP_VERSION), QString::fromLatin1(qVersion()), toQ(rt.torchVersion),
                                toQ(rt.device), toQ(rt.blasLibrary), toQ(rt.blasKernel))
                           .arg(rt.threads));
}

} // namespace auditgap::ui
