#pragma once
// The main window of the audit workbench: menus and toolbar, the budget panel (left dock), one
// column of heatmaps per loaded model (A | B | C), the audit-gap plot, LVS layer profiles and
// fine-tuning curves (bottom), the cell detail dock (right) and the status bar.
// Data flow (DESIGN §2): slider/settings -> request -> EngineBridge -> results (queued, stale
// dropped) -> Workspace -> coalesced view refresh (one every 40 ms at most). The GUI thread
// never runs the model. Sessions are saved atomically and autosaved to a recovery file that
// the next start offers to restore. GUI thread only.
#include <functional>
#include <optional>

#include <QMainWindow>
#include <QPointer>
#include <QString>
#include <QElapsedTimer>
#include <QTimer>

#include "Workspace.h"

class QAction;
class QActionGroup;
class QCustomPlot;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QTextBrowser;
class QToolButton;

namespace auditgap::ui {

class AuditGapPlot;
class BudgetPanel;
class CurvePlot;
class EngineBridge;
class ModelColumn;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Commands (also what the menus call). Errors are shown and returned; they never change
    // the current session.
    bool loadDemoFamily();
    void loadModel(int slot, const QString& folder);
    bool loadPrompts(const QString& path);
    bool openSession(const QString& path);
    bool saveSession(const QString& path);
    QString exportPlot(QCustomPlot* plot, const QString& path); // "" on success
    QString exportData(const QString& path);                    // .csv or .json
    QString exportReport(const QString& path);                  // .pdf or .html
    void refresh();                                             // re-run estimates, refinement, grid
    void stop();
    void runFineTuning(int maxSteps = 150);
    void setDifferenceView(bool on);
    void setAggregation(Aggregation a);
    void setColormap(const QString& name);
    void setLogScale(bool on);

    // Recovery (DESIGN §4): autosave now; offer the recovery file when one is left.
    void autosaveNow();
    bool offerRecovery(); // true when a recovery file was found (a prompt is shown)
    bool restoreRecovery();
    static QString recoveryPath();
    // Test hook: forget this window's clean-exit duty, as a crash would.
    void abandonLikeACrash() { m_crashed = true; }

    // Test and benchmark hooks.
    Workspace& workspace() { return m_ws; }
    BudgetPanel* budgetPanel() const { return m_budget; }
    ModelColumn* column(int slot) const { return m_columns[slot]; }
    EngineBridge* bridge() const { return m_bridge; }
    AuditGapPlot* gapPlot() const { return m_gap; }
    CurvePlot* profilePlot() const { return m_profile; }
    CurvePlot* fineTunePlot() const { return m_fineTune; }
    QString lastError() const { return m_lastError; }
    void clearLastError() { m_lastError.clear(); }
    bool modelsLoading() const { return m_loading > 0; }
    bool idle() const;
    bool gridComplete() const;
    QString sessionPath() const { return m_sessionPath; }
    // Called instead of a folder dialog when a session's model path is missing.
    void setRelocator(std::function<QString(const QString& missing)> relocate) { m_relocate = std::move(relocate); }
    void setInteractive(bool interactive) { m_interactive = interactive; }
    // Full PGD + generation refinement after the sliders rest (on by default; Run menu).
    void setAutoRefine(bool on);
    void refreshViewsNow();

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void buildActions();
    void buildMenus();
    void buildDocks();
    void buildStatusBar();
    void retranslate();
    void connectBridge();
    // Coalesced view updates (at most one every 40 ms, the first one at once): slot >= 0 only
    // redraws that model's refusal heatmap (a live estimate arrived), -1 everything.
    void scheduleRefresh(int slot = -1);
    void refreshRefusal(int slot);
    void flushRefresh();
    void showError(const QString& message);
    void setDirty(bool dirty);
    void updateTitle();
    void addRecent(const QString& path);
    void rebuildRecentMenu();
    void finishLoading(int slot);

    void onSlidersChanged(const std::vector<double>& values, const std::vector<int>& changed);
    void onSettingsChanged();
    void onModelLoaded(int slot, const QString& path, const core::LoadedModelInfo& info);
    void onCellClicked(int slot, int row, int col);
    void requestEstimates(int slot);
    void requestRefinement();
    void startGrid(int slot);
    void restartAll(bool promptsChanged = false);
    core::AuditSettings settingsFor(int slot) const;
    core::Session buildSession() const;
    QString refusalTooltip(int slot, int row, int col) const;
    QString lvsTooltip(int slot, int row, int col) const;
    int gapHook() const;
    double plotBudget() const;
    void saveAs();
    void openDialog();
    void exportAllDialog();
    void exportDataDialog(const QString& suffix);
    void exportReportDialog();
    nlohmann::json currentEnvironment() const;
    void preferences();
    void about();
    void editPrompts();
    void chooseReward();
    void chooseJudge();
    void plotContextMenu(QCustomPlot* plot, const QPoint& pos, const QString& stem);

    Workspace m_ws;
    EngineBridge* m_bridge = nullptr;
    BudgetPanel* m_budget = nullptr;
    ModelColumn* m_columns[Workspace::kSlots] = {};
    AuditGapPlot* m_gap = nullptr;
    CurvePlot* m_profile = nullptr;
    CurvePlot* m_fineTune = nullptr;
    QDockWidget* m_budgetDock = nullptr;
    QDockWidget* m_detailDock = nullptr;
    QTextBrowser* m_detail = nullptr;
    QLabel* m_deviceLabel = nullptr;
    QLabel* m_stateLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_stopButton = nullptr;
    QByteArray m_defaultState;

    QMenu* m_fileMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_exportMenu = nullptr;
    QMenu* m_modelsMenu = nullptr;
    QMenu* m_promptsMenu = nullptr;
    QMenu* m_runMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_colormapMenu = nullptr;
    QMenu* m_aggregationMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QAction *m_new = nullptr, *m_open = nullptr, *m_save = nullptr, *m_saveAs = nullptr, *m_quit = nullptr;
    QAction *m_exportPlots = nullptr, *m_exportCsv = nullptr, *m_exportJson = nullptr, *m_exportReport = nullptr;
    // Where the results on screen were computed: the opened session's record until a result is
    // computed here, then this machine's (Session::environment).
    nlohmann::json m_environment = nlohmann::json::object();
    QAction* m_loadSlot[Workspace::kSlots] = {};
    QAction* m_loadDemo = nullptr;
    QAction *m_loadPrompts = nullptr, *m_editPrompts = nullptr;
    QAction *m_run = nullptr, *m_stop = nullptr, *m_fineTuneAction = nullptr, *m_autoRefineAction = nullptr;
    QAction *m_diff = nullptr, *m_log = nullptr, *m_resetLayout = nullptr, *m_prefs = nullptr, *m_about = nullptr;
    QAction *m_median = nullptr, *m_mean = nullptr;
    QActionGroup* m_colormapGroup = nullptr;
    QToolBar* m_toolbar = nullptr;

    QTimer m_refreshTimer;   // coalesces view updates
    QElapsedTimer m_sinceRefresh;
    bool m_dirtyAll = false;
    bool m_dirtyRefusal[Workspace::kSlots] = {};
    QTimer m_refineTimer;    // starts full refinement once the sliders rest
    QTimer m_autosaveTimer;
    QString m_sessionPath;
    QString m_lastError;
    QString m_colormap = QStringLiteral("viridis");
    bool m_logScale = false;
    bool m_difference = false;
    Aggregation m_aggregation = Aggregation::Median;
    double m_headline = 1e-3;
    int m_nudgeHook = -1;
    double m_lr = 1e-5;
    QString m_fineTuneData;  // JSONL with compliant answers for fine-tuning
    bool m_dirty = false;
    bool m_crashed = false;
    bool m_interactive = true;
    bool m_autoRefine = true;
    int m_loading = 0;
    bool m_loadingSlot[Workspace::kSlots] = {};
    bool m_estimating[Workspace::kSlots] = {}; // an estimate is in flight: coalesce, do not cancel
    bool m_gradientsAsked[Workspace::kSlots] = {};
    std::optional<core::Session> m_pendingSession; // restored once its models have loaded
    std::function<QString(const QString&)> m_relocate;
};

} // namespace auditgap::ui
