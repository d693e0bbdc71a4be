#pragma once
// An intervention value drives every forward pass: a list of edits at hook points.
// Edits name their hook point by its runtime code (HookPoint::code(): kHookEmbedTokens,
// kHookEmbedding or a block index; see model/HookPoint.h).
// Immutable once built; may be shared across threads.
#include <vector>

#include <ATen/core/Tensor.h>

#include "model/HookPoint.h"

namespace auditgap::core {

// Prefill only: the edit acts on the prompt pass; decode steps are untouched, so the effect
// lives on in the KV cache (the paper's PGD). All steps: also applied at every decode step.
enum class Phase { PrefillOnly, AllSteps };

// What an edit does to the hidden state x [.., H] at the positions it selects.
enum class EditKind {
    Add,    // x + add
    Steer,  // x + frac * ||x|| * direction (direction is unit; ||x|| per position)
    Ablate, // x - r (r . x), r = direction (unit)
    Patch,  // x replaced by `value` (a cached activation)
};

// Which positions an edit touches.
enum class Positions {
    All,        // every position of every pass its phase allows (decode steps included for AllSteps)
    LastPrompt, // the last real (non-padding) token of each row in the prefill pass
    Mask,       // the prefill positions where `mask` is true ([T] or [B, T] bool)
};

struct LayerEdit {
    int layer = 0;
    EditKind kind = EditKind::Add;
    Positions positions = Positions::All;
    Phase phase = Phase::PrefillOnly;
    // Add: [H] (every position), [B, 1, H] (one vector per row, every position), [T, H] (per
    // position, every row) or [B, T, H] (per row and position). T may be shorter than the
    // sequence: positions past T are untouched, and per-position deltas never act on decode steps.
    at::Tensor add;
    at::Tensor direction; // Steer / Ablate: [H] or [B, H], unit length
    double frac = 0.0;    // Steer: scale relative to the activation norm
    at::Tensor value;     // Patch: [H] or [B, H]
    at::Tensor mask;      // Positions::Mask: [T] or [B, T] bool
};

// The common case: add `delta` at hook point `layer`.
inline LayerEdit addEdit(int layer, at::Tensor delta, Phase phase = Phase::PrefillOnly,
                         Positions positions = Positions::All) {
    LayerEdit e;
    e.layer = layer;
    e.add = std::move(delta);
    e.phase = phase;
    e.positions = positions;
    return e;
}

struct Intervention {
    std::vector<LayerEdit> edits;
    bool empty() const { return edits.empty(); }
};

} // namespace auditgap::core
