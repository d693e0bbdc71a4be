#pragma once
// The GUI's data model (no widgets): the prompt set, the slider budgets per hook point, and per
// model slot (A, B, C) the live estimates, the refined full-audit cells and the LVS grid. Turns
// them into the matrices the heatmaps draw and the points the plots draw. GUI thread only.
// Hook points: 0 = "embedding" (the paper's embedding layer), h >= 1 = block h - 1.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <QString>

#include "HeatmapMatrix.h"
#include "engine/LiveEstimate.h"
#include "engine/Workbench.h"
#include "io/AuditResults.h"
#include "io/PromptSet.h"
#include "io/Session.h"

namespace auditgap::ui {

enum class Aggregation { Median, Mean };

struct Interval {
    double value = std::nan("");
    double lo = std::nan("");
    double hi = std::nan("");
};

// The view state a session carries (Session::view). read() throws core::Error naming
// "view.KEY" for a value of the wrong type; absent keys keep these defaults.
struct SessionView {
    QString colormap = QStringLiteral("viridis");
    bool logScale = false;
    bool difference = false;
    Aggregation aggregation = Aggregation::Median;
    double headline = 1e-3; // headline budget
    int nudgeHook = -1;     // the audit-gap plot's hook point, -1 = the middle one
    double learningRate = 1e-5;
    QString fineTuneData;
    static SessionView read(const core::Session& session, const std::string& source);
};

// A read-only reference drawn beside the models (File → Add reference…): one architecture and
// variant of the paper's released results. Its hook axis is relative depth: 0 = the embedding,
// (l + 1) / N for block l of its N blocks, so it can be drawn over a model of another depth.
struct ReferenceModel {
    QString label;  // "paper · gemma2-2b · dissociated"
    QString source; // the folder it was read from
    double cleanRefusal = 0.0;
    struct Profile {
        std::vector<double> depth, lvs, lo, hi; // per hook point
        double nudgeLvs = 0.0, nudgeLo = 0.0, nudgeHi = 0.0; // at the nudge layer round(0.5 N)
    };
    std::map<double, Profile> profiles; // by budget (the paper's grid: 5e-4, 1e-3, 5e-3)
    // The profile at the budget nearest `budget` (log distance).
    const Profile* nearest(double budget, double* chosen = nullptr) const;
};

class Workspace {
public:
    static constexpr int kSlots = 3;
    struct Slot {
        bool loaded = false;
        QString name;
        QString path;
        core::LoadedModelInfo info;
        std::vector<double> cleanEstimate;               // [prompt]
        std::vector<std::vector<double>> estimate;       // [hook][prompt]
        std::vector<double> estimateBudget;              // [hook], NaN = none
        std::vector<char> estimateExact;                 // [hook]: 1 = one-step forward, 0 = linear
        std::optional<core::RefusalGradients> gradients; // the instant (linear) tier, PGD only
        std::map<std::pair<int, int>, core::AuditCell> refined; // (hook, prompt)
        core::AuditResults grid;                         // LVS grid cells + summaries
        std::vector<core::FineTuneCurvePoint> fineTune;
        std::optional<int> fineTuneOnset;
    };

    static QString slotName(int slot); // "A", "B", "C"
    // Wilson score interval (95%) for k successes in n trials; value = k / n. NaN for n = 0.
    static Interval wilson(double k, double n);
    // On-screen label of hook `hook` (0 = embedding, 1 + l = block l): HookPoint::label().
    static QString hookLabel(int hook);
    // A budget as the paper writes it ("5e-4", "1e-3", "0.008" → "8e-3", "0.06"): one name
    // for a budget in the sliders, the plots, the grid's columns and the exports.
    static QString budgetLabel(double p);
    // Slider budget <-> position on the budget grid (fractional, log-interpolated).
    double gridPosition(double budget) const;

    core::PromptSet prompts;
    std::vector<double> sliders;     // [hook]
    std::vector<double> budgetGrid{5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2};
    std::vector<ReferenceModel> references; // read-only; not saved in sessions
    std::array<Slot, kSlots> slots;

    // When `slot`'s tokenizer.json differs from another loaded model's: a message naming both
    // files and what the workbench expects (a pair that shares its tokenizer); "" otherwise.
    QString tokenizerMismatch(int slot) const;
    int hookCount() const; // 1 + the deepest loaded model's blocks
    void resizeHooks();    // sliders and per-slot rows follow hookCount()
    // keepGradients: the model and prompts are unchanged (only settings changed).
    void clearResults(int slot, bool keepGradients = false);
    void clearAllResults(bool keepGradients = false);

    // Hook points whose estimate (or refined cells) do not match the current slider.
    std::vector<int> hooksNeedingEstimate(int slot) const;
    std::vector<int> hooksNeedingRefine(int slot) const;
    bool needsCleanEstimate(int slot) const;

    void applyEstimate(int slot, const std::vector<int>& hooks, const std::vector<double>& budgets,
                       const core::LiveEstimate& estimate);
    // The instant tier: the linearised one-step estimate at the current slider budgets of
    // `hooks` (no model call). False when the slot has no gradients.
    bool applyLinearEstimate(int slot, const std::vector<int>& hooks);
    // The clean row from the instant tier's gradients (their clean log-odds are the same refusal
    // score) where the exact clean row has not come yet; true if anything changed.
    bool applyGradientClean(int slot);
    void applyRefined(int slot, const std::vector<core::AuditCell>& cells);
    void applyGrid(int slot, const core::AuditResults& layerResults);

    // Rows: clean, then every hook point; cols: prompts (1-based labels, harmful | benign
    // bands). Refusal in [0, 1]; cells from a live estimate are marked as estimates.
    HeatmapMatrix refusal(int slot) const;
    // Rows: hook points; cols: the budget grid. LVS by the chosen aggregation.
    HeatmapMatrix lvs(int slot, Aggregation aggregation) const;
    std::vector<HeatmapMatrix::Band> promptBands() const;
    // The refined cell behind a refusal-heatmap cell, or null.
    const core::AuditCell* refinedCell(int slot, int hook, int prompt) const;
    // Clean refusal on the harmful prompts with a Wilson 95% interval, from the clean row of a
    // slot's refusal matrix.
    Interval cleanRefusal(const HeatmapMatrix& refusal) const;
    // LVS at a hook point and grid budget, with the bootstrap CI (median) or none (mean).
    Interval lvsAt(int slot, int hook, double budget, Aggregation aggregation) const;
    bool gridComplete(int slot) const;
    int gridHooksDone(int slot) const; // hook points with LVS grid results
    // The hook points the slot's grid still needs, the ones that matter first: those whose
    // slider is on, then the paper's layers (the embedding and every 4th block) from the middle
    // outward, then the rest from the middle outward.
    std::vector<int> gridOrder(int slot) const;

    // Everything computed, as one results value (the CLI's columns) for CSV/JSON export.
    core::AuditResults combined() const;
    // Session <-> workspace (results and sliders; models and settings are the window's).
    void storeResults(core::Session& session) const;
    void restoreResults(const core::Session& session);
};

} // namespace auditgap::ui
