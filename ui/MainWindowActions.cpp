// MainWindow's command surface: its actions (with their shortcuts), menus and toolbar, and
// their texts. Split from MainWindow.cpp by responsibility; the window's logic stays there.
#include "MainWindow.h"

#include <QAction>
#include <QActionGroup>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenu>
#include <QMenuBar>
#include <QToolBar>

#include "ExportController.h"
#include "ResearchController.h"
#include "SessionController.h"
#include "WorkbenchDialogs.h"
#include "WorkbenchViews.h"

namespace auditgap::ui {

void MainWindow::buildActions() {
    auto make = [this](const char* icon, const QKeySequence& key, auto slot) {
        auto* a = new QAction(this);
        if (*icon)
            a->setIcon(QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(icon))));
        a->setShortcut(key);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    const auto ctrl = [](int key, bool shift = false) {
        return QKeySequence(QKeyCombination(Qt::ControlModifier | (shift ? Qt::ShiftModifier : Qt::KeyboardModifier{}), Qt::Key(key)));
    };
    m_new = make("new", QKeySequence::New, [this] { newSession(); });
    m_open = make("open", QKeySequence::Open, [this] {
        if (const QString f = m_sessions->askOpen(); !f.isEmpty())
            openSession(f);
    });
    m_save = make("save", QKeySequence::Save, [this] { m_sessions->save(); });
    // Save As and Quit have no standard key without a desktop platform theme: name them.
    m_saveAs = make("", ctrl(Qt::Key_S, true), [this] { m_sessions->saveAs(); });
    m_quit = make("", ctrl(Qt::Key_Q), [this] { close(); });
    m_saveAs->setObjectName(QStringLiteral("saveAsAction"));
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
    // F5 continues (the grid from its missing hook points); recomputing from nothing is explicit.
    m_run = make("run", QKeySequence(Qt::Key_F5), [this] { resume(); });
    m_recompute = make("", QKeySequence(QKeyCombination(Qt::ControlModifier, Qt::Key_F5)), [this] { refresh(); });
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
    m_dtypeMenu = menu(m_modelsMenu, {});
    m_dtypes = new QActionGroup(this);
    for (const char* dtype : {"", "f32", "bf16"}) {
        QAction* a = m_dtypeMenu->addAction(QString());
        a->setCheckable(true);
        a->setData(QString::fromLatin1(dtype));
        a->setChecked(*dtype == 0);
        m_dtypes->addAction(a);
        connect(a, &QAction::triggered, this, [this, a] { setComputeDtype(a->data().toString()); });
    }
    m_promptsMenu = menu(nullptr, {m_loadPrompts, m_editPrompts});
    m_runMenu = menu(nullptr, {m_run, m_stop, m_recompute, nullptr, m_autoRefineAction, m_fineTuneAction});
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

void MainWindow::retranslateActions() {
    const std::pair<QAction*, QString> texts[] = {
        {m_new, tr("&New session")}, {m_open, tr("&Open…")}, {m_save, tr("&Save")}, {m_saveAs, tr("Save &As…")},
        {m_quit, tr("&Quit")}, {m_exportPlots, tr("All plots as images…")}, {m_exportCsv, tr("Heatmap data as CSV…")},
        {m_exportJson, tr("Heatmap data as JSON…")}, {m_exportReport, tr("Export &report…")},
        {m_addReference, tr("Add &reference (the paper's results)…")},
        {m_loadDemo, tr("Load the &demo family")}, {m_loadPrompts, tr("&Load prompt set (JSONL, CSV, TXT)…")},
        {m_editPrompts, tr("&View and edit prompts…")}, {m_run, tr("&Resume (continue the grid and refinement)")},
        {m_recompute, tr("Re&compute everything")}, {m_stop, tr("&Stop")},
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
    m_dtypeMenu->setTitle(tr("Compute &dtype"));
    const QStringList dtypeTexts{tr("&Automatic (bf16 for a bf16 checkpoint on a CPU with native bf16, else f32)"),
                                tr("&f32"), tr("&bf16")};
    for (int i = 0; i < m_dtypes->actions().size(); ++i)
        m_dtypes->actions()[i]->setText(dtypeTexts.value(i));
}

} // namespace auditgap::ui
