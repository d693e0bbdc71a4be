#pragma once
// Sliders and settings to engine requests (DESIGN §2): the request side of the workbench. It
// says what the screen needs, in the live tiers' order (instant linear estimate, then the exact
// one-step estimate, then the full attack 350 ms after the sliders rest, and the LVS grid in the
// background), and applies the results to the Workspace. While a slider is dragged one estimate
// runs per model at a time and the next one covers whatever is still stale (coalesced, not
// cancelled, so estimates never starve). Slots on the same weights share one computation
// (SharedSlots). The engine (through EngineBridge) decides lanes and
// priorities; this class never runs the model. GUI thread only.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <QObject>
#include <QTimer>

#include "ProgressSummary.h"
#include "SharedSlots.h"
#include "Workspace.h"

namespace auditgap::ui {

class BudgetPanel;
class EngineBridge;

class RequestController : public QObject {
    Q_OBJECT
public:
    // `view`: the session's view state (the demo's nudge hook and headline budget).
    RequestController(Workspace& workspace, BudgetPanel* budget, const SessionView& view, QObject* parent = nullptr);

    EngineBridge* bridge() const { return m_bridge; }
    const SharedSlots& sharedSlots() const { return m_shared; }
    void loadModel(int slot, const QString& folder);
    // The compute dtype of later loads: "" = the rule (bf16 for a bf16 checkpoint on a CPU with
    // native bf16, else f32; bf16 on CUDA), or "f32" / "bf16". Sessions store it.
    void setDtype(const QString& dtype);
    QString dtype() const { return m_dtype; }
    // A prompt set from a file (JSONL, CSV, text) or edited prompts; restarts every computation.
    bool loadPrompts(const QString& path);
    void setPrompts(std::vector<core::PromptItem> items);
    // The demo family's models, prompt set, reward model and headline budget into `view`.
    bool loadDemoFamily(const QString& folder, SessionView& view);
    // Restores `session`'s results once all of its models (being loaded) have arrived.
    void restoreWhenLoaded(std::optional<core::Session> session) { m_pendingSession = std::move(session); }
    bool restoring() const { return m_pendingSession.has_value(); }
    // Everything a freshly loaded (or restored) model needs: estimates, the grid, refinement.
    void startSlot(int slot);
    // Clears the results (keeps the gradients unless the prompts changed) and starts over.
    void restartAll(bool promptsChanged = false);
    // Stop cancels every job; resume continues: the grid from its missing hook points, the
    // estimates and the refinement the sliders still need. Results are kept.
    void stop();
    void resume();
    void onSlidersChanged(const std::vector<double>& values, const std::vector<int>& changed);
    // Full PGD + generation refinement after the sliders rest (on by default; Run menu).
    void setAutoRefine(bool on);
    // The prompts the refusal heatmaps show (inclusive): the refinement runs on them first.
    void setPromptsInView(int first, int last);
    bool autoRefine() const { return m_autoRefine; }
    // Harmful fine-tuning curves of every loaded model on (prompt, compliant answer) pairs.
    void runFineTuning(const std::vector<std::pair<std::string, std::string>>& train, double learningRate,
                       int maxSteps);
    // A refinement waiting for the sliders to rest counts as work.
    bool idle() const;
    bool loading() const { return m_loading > 0; }
    // True while this controller moves a slider itself (a family's opening budget).
    bool applyingDefaults() const { return m_applyingDefaults; }

Q_SIGNALS:
    // A model arrived in `slot`; `restored`: it completed a session being opened (its results
    // are back on screen, the session is unchanged).
    void modelReady(int slot, const core::LoadedModelInfo& info, bool restored);
    // New results: slot >= 0 only that model's refusal heatmap changed (a live estimate), -1 more.
    void resultsChanged(int slot);
    // A result was computed on this machine (the session's environment and dirty flag follow).
    void computed();
    void failed(const QString& message);
    void status(const QString& text);
    // The running family's line for the status bar and its overall fraction (ProgressSummary).
    void progress(const QString& text, double fraction);
    // The grid was (re)started for `slot` on these hook points, in this order.
    void gridRequested(int slot, const std::vector<int>& hooks);
    void busyChanged(bool busy);

private:
    void connectBridge();
    void requestEstimates(int slot);
    void requestRefinement();
    void startGrid(int slot);
    void finishLoading(int slot);
    void onModelLoaded(int slot, const QString& path, const core::LoadedModelInfo& info);
    bool restorePending();
    core::AuditSettings settingsFor(int slot) const;
    std::string estimateInputs(int slot, const core::EstimateRequest& rq) const;
    std::string nameOf(int slot) const;

    Workspace& m_ws;
    BudgetPanel* m_budget;
    const SessionView& m_view;
    EngineBridge* m_bridge;
    ProgressSummary m_progress;
    SharedSlots m_shared; // slots on the same weights: one computes, the others follow
    bool m_applyingDefaults = false;
    QString m_dtype;
    QTimer m_refineTimer; // starts full refinement once the sliders rest
    int m_inViewFirst = 0, m_inViewLast = -1; // -1: every prompt is in view
    bool m_autoRefine = true;
    int m_loading = 0;
    bool m_loadingSlot[Workspace::kSlots] = {};
    bool m_estimating[Workspace::kSlots] = {}; // an estimate is in flight: coalesce, do not cancel
    bool m_gradientsAsked[Workspace::kSlots] = {};
    // A failed estimate is reported once and not asked again until its inputs change: the
    // inputs of the one in flight and of the last that failed, per slot.
    std::string m_estimateInputs[Workspace::kSlots];
    std::string m_failedEstimate[Workspace::kSlots];
    std::optional<core::Session> m_pendingSession; // restored once its models have loaded
};

} // namespace auditgap::ui
