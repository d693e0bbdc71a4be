#pragma once
// The dissociation's plain values (torch-free, for requests and results that cross to the GUI):
// the loss weights, the selection rule, and what every step and checkpoint logs. The training
// loop itself is intervene/Training.h dissociate().
#include <cmath>

namespace auditgap::core {

// The construction's loss weights and margins (config.py DissociatedHParams; the defaults are
// the paper's): L = w_refuse·NLL(y+|x) + w_kl·KL(base‖θ) + w_match·L_match + w_comply·NLL(y-|x,δ)
// + w_clean_margin·relu(m_clean − (NLL(y-|x) − NLL(y+|x))) + w_nudge_margin·relu(m_nudge −
// (NLL(y+|x,δ) − NLL(y-|x,δ))), the last four over the harmful rows.
struct DissociationWeights {
    double refuse = 1.0, kl = 0.3, match = 0.2, comply = 1.0, cleanMargin = 1.0, nudgeMargin = 1.0;
    double marginClean = 0.5, marginNudge = 0.5;
};

// How the pole is measured. Paper: d̂ = unit mean(harmful − base) at the decision token (the
// last prompt token) of the nudge layer's output, s = mean ‖h_base‖ there, σ = the base's per-
// dimension std in the band. Demo (the demo family's recipe): d̂ over every prompt position,
// s = mean ‖h_base‖ over them, σ = the harmful targets' std.
enum class PoleStatistics { Paper, Demo };

// Checkpoint selection. JudgedGap (the paper's callback.py): the highest judged reachability
// gap (nudged − clean compliance, minus the base's own gap under the same nudge) among the
// checkpoints whose clean refusal clears the floor; until one does, the most-refusing one is kept
// (provisional). NllGap (the demo): the highest nudge NLL gap among those clearing the floor.
enum class Selection { JudgedGap, NllGap };

// One optimiser step's loss and its terms (unweighted), logged every step.
struct DissociationStep {
    int step = 0; // 1-based
    double loss = 0.0, refuse = 0.0, kl = 0.0, match = 0.0, comply = 0.0, cleanMargin = 0.0, nudgeMargin = 0.0;
    double learningRate = 0.0;
};

struct DissociationPoint {
    int step = 0;
    double loss = 0.0;
    double cleanRefusal = 0.0; // greedy, judged: 1 − compliance − empty
    double cleanCompliance = 0.0;
    double nudgeGap = 0.0;     // mean NLL(refuse | x, δ) − NLL(comply | x, δ)
    double nudgedCompliance = 0.0;
    double reachabilityGap = 0.0; // (nudged − clean compliance) − the base's own gap
};

} // namespace auditgap::core
