#pragma once
// The Research menu: the paper's study on real checkpoints, as jobs of the engine (typed
// requests through the EngineBridge; the results come back as values):
//  - Build dissociated twin…: the construction with its loss terms drawn live in a dock; when it
//    finishes, column B opens on the twin;
//  - Judge saved generations…: a HarmBench classifier re-judges an audit's or a fine-tuning
//    run's saved answers offline; the summary says which judge produced the numbers;
//  - Probe and patching profile: a linear probe per hook point on A's prompts (harmful vs
//    benign at the decision token; A's probe applied unchanged to B, the paper's static audit) and
//    activation patching B -> A at the nudge layer, drawn as a layer profile beside the LVS one.
// GUI thread only.
#include <map>
#include <memory>
#include <vector>

#include <QObject>
#include <QString>

#include "Workspace.h"
#include "engine/DissociateJob.h"
#include "engine/JudgeJob.h"
#include "engine/PatchJob.h"
#include "engine/ProbeJob.h"

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;

namespace auditgap::ui {

class CurvePlot;
class EngineBridge;
class RequestController;

class ResearchController : public QObject {
    Q_OBJECT
public:
    ResearchController(QMainWindow* window, Workspace& ws, EngineBridge* bridge, RequestController* requests,
                       CurvePlot* profile);
    QMenu* menu() const { return m_menu; }
    QDockWidget* lossDock() const { return m_lossDock; }
    CurvePlot* lossPlot() const { return m_lossPlot; }
    CurvePlot* profilePlot() const { return m_profile; }
    void retranslate();

    // The commands (the menu's actions ask for their options first).
    void buildTwin(const core::DissociateOptions& options);
    void judgeGenerations(const core::JudgeJobOptions& options);
    void layerProfile(); // needs A (and B for the frozen probe and the patch) and labelled prompts

Q_SIGNALS:
    void status(const QString& text);
    void failed(const QString& message);
    void judgedBy(const QString& summary); // the last judge pass, in words

private:
    void onStep(const core::DissociationStep& step, int total);
    void drawLoss();
    void drawProfile();

    QMainWindow* m_window;
    Workspace& m_ws;
    EngineBridge* m_bridge;
    RequestController* m_requests;
    CurvePlot* m_profile;
    CurvePlot* m_lossPlot = nullptr;
    QDockWidget* m_lossDock = nullptr;
    QMenu* m_menu = nullptr;
    QAction *m_twin = nullptr, *m_judge = nullptr, *m_layers = nullptr;
    std::vector<core::DissociationStep> m_steps;
    std::shared_ptr<const core::ProbeResult> m_probe;
    std::shared_ptr<const core::PatchResult> m_patch;
};

} // namespace auditgap::ui
