#pragma once
// The main window of the audit workbench: it builds the actions, menus, toolbar, docks and
// status bar and wires the parts together; the work lives in them:
//   RequestController  sliders and settings -> engine requests (tiers, debouncing, refinement)
//   WorkbenchViews     heatmap columns A | B | C, audit-gap / profile / fine-tuning plots, detail
//   SessionController  open, save, autosave, recovery, recent files, title
//   ExportController   plot, data and report exports
//   ResearchController the Research menu: dissociated twin, offline judge, probe and patching
// Data flow (DESIGN §2): slider/settings -> request -> engine -> results (stale ones dropped) ->
// Workspace -> coalesced view refresh. The GUI thread never runs the model. GUI thread only.
#include <functional>
#include <optional>

#include <QMainWindow>
#include <QString>

#include "Workspace.h"

class QAction;
class QActionGroup;
class QCustomPlot;
class QDockWidget;
class QMenu;
class QToolBar;

namespace auditgap::ui {

class AuditGapPlot;
class BudgetPanel;
class CurvePlot;
class EngineBridge;
class ExportController;
class ModelColumn;
class RequestController;
class ResearchController;
class SessionController;
class WorkbenchStatus;
class WorkbenchViews;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Commands (also what the menus call). Errors are shown and returned; they never change
    // the current session.
    bool loadDemoFamily();
    bool startWithDemo(); // the start-up session: the demo family, not dirty until the user changes it
    void loadModel(int slot, const QString& folder);
    bool loadPrompts(const QString& path);
    // The paper's released results folder as read-only references beside the models.
    bool addReference(const QString& dir);
    bool openSession(const QString& path);
    bool saveSession(const QString& path);
    QString exportPlot(QCustomPlot* plot, const QString& path); // "" on success
    QString exportData(const QString& path);                    // .csv or .json
    QString exportReport(const QString& path);                  // .pdf or .html
    void refresh();                                             // re-run estimates, refinement, grid
    void stop();
    void resume(); // continue after Stop: the grid's missing hook points, estimates, refinement
    void runFineTuning(int maxSteps = 150);
    void setDifferenceView(bool on);
    void setAggregation(Aggregation a);
    void setColormap(const QString& name);
    void setLogScale(bool on);
    void setAutoRefine(bool on);
    void refreshViewsNow();
    // The window's size on a first start (no saved geometry) on a screen of `available` size,
    // and fitting to it (the docks get sensible widths).
    static QSize firstStartSize(const QSize& available);
    void fitFirstStart(const QSize& available);

    // Recovery (DESIGN §4): autosave now; offer the recovery file when one is left.
    void autosaveNow();
    bool offerRecovery(); // true when a recovery file was found (a prompt is shown)
    bool restoreRecovery();
    static QString recoveryPath();
    void abandonLikeACrash(); // test hook: forget the clean-exit duty, as a crash would

    // Test and benchmark hooks.
    Workspace& workspace() { return m_ws; }
    BudgetPanel* budgetPanel() const { return m_budget; }
    ModelColumn* column(int slot) const;
    EngineBridge* bridge() const;
    AuditGapPlot* gapPlot() const;
    CurvePlot* profilePlot() const;
    CurvePlot* fineTunePlot() const;
    ResearchController* research() const { return m_research; }
    QString lastError() const { return m_lastError; }
    void clearLastError() { m_lastError.clear(); }
    bool modelsLoading() const;
    bool idle() const;
    bool gridComplete() const;
    QString sessionPath() const;
    bool sessionDirty() const;
    QString statusText() const;        // the status bar's line about running work
    RequestController* requests() const { return m_requests; }
    // Called instead of a folder dialog when a session's model path is missing.
    void setRelocator(std::function<QString(const QString& missing)> relocate);
    void setInteractive(bool interactive);

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void buildActions();
    void buildMenus();
    void buildDocks();
    void buildStatusBar();
    void connectParts();
    void retranslate();
    void retranslateActions(); // MainWindowActions.cpp
    void setComputeDtype(const QString& dtype); // "" = the rule; reloads the loaded models
    void showError(const QString& message);
    void showStatus(const QString& message) const;
    void changed(int slot = -1); // results changed: redraw (coalesced)
    void onModelReady(int slot, const core::LoadedModelInfo& info, bool restored);
    void newSession();
    void editPrompts();
    void chooseReward();
    void chooseJudge();

    Workspace m_ws;
    SessionView m_view; // colormap, scale, difference, aggregation, headline budget, fine-tuning data
    BudgetPanel* m_budget = nullptr;
    RequestController* m_requests = nullptr;
    WorkbenchViews* m_views = nullptr;
    SessionController* m_sessions = nullptr;
    ExportController* m_exports = nullptr;
    ResearchController* m_research = nullptr;
    WorkbenchStatus* m_status = nullptr;
    QDockWidget* m_budgetDock = nullptr;
    QToolBar* m_toolbar = nullptr;
    QByteArray m_defaultState;
    QMenu *m_fileMenu = nullptr, *m_recentMenu = nullptr, *m_exportMenu = nullptr, *m_modelsMenu = nullptr;
    QMenu *m_promptsMenu = nullptr, *m_runMenu = nullptr, *m_viewMenu = nullptr, *m_colormapMenu = nullptr;
    QMenu *m_aggregationMenu = nullptr, *m_helpMenu = nullptr, *m_dtypeMenu = nullptr;
    QActionGroup* m_dtypes = nullptr; // Models → Compute dtype: automatic (the rule), f32, bf16
    QAction *m_new = nullptr, *m_open = nullptr, *m_save = nullptr, *m_saveAs = nullptr, *m_quit = nullptr;
    QAction *m_exportPlots = nullptr, *m_exportCsv = nullptr, *m_exportJson = nullptr, *m_exportReport = nullptr;
    QAction* m_addReference = nullptr;
    QAction* m_loadSlot[Workspace::kSlots] = {};
    QAction *m_loadDemo = nullptr, *m_loadPrompts = nullptr, *m_editPrompts = nullptr;
    QAction *m_run = nullptr, *m_recompute = nullptr, *m_stop = nullptr, *m_fineTuneAction = nullptr, *m_autoRefineAction = nullptr;
    QAction *m_resetLayout = nullptr, *m_prefs = nullptr, *m_about = nullptr;
    QString m_lastError;
    bool m_interactive = true;
};

} // namespace auditgap::ui
