#pragma once
// An intervention value drives every forward pass: a list of edits at hook points.
// Hook points: kHookEmbedTokens (raw token embedding, before Gemma's x sqrt(H) scaling; this is
// what a transformers forward hook on `embed_tokens` sees), kHookEmbedding (the embedding
// output after any scaling = hidden_states[0]), and block index l >= 0 (output of decoder block
// l, i.e. the residual stream entering block l+1).
// Immutable once built; may be shared across threads.
#include <vector>

#include <ATen/core/Tensor.h>

namespace auditgap::core {

constexpr int kHookEmbedTokens = -2;
constexpr int kHookEmbedding = -1;

// Prefill only: the edit acts on the prompt pass; decode steps are untouched, so the effect
// lives on in the KV cache (the paper's PGD). All steps: also added at every decode step.
enum class Phase { PrefillOnly, AllSteps };

struct LayerEdit {
    int layer = 0;
    // Added to the hook point's output. Shapes: [H] (every position), [T, H] (per position,
    // every row) or [B, T, H] (per row and position). T may be shorter than the sequence:
    // positions past T are untouched.
    at::Tensor add;
    Phase phase = Phase::PrefillOnly;
};

struct Intervention {
    std::vector<LayerEdit> edits;
    bool empty() const { return edits.empty(); }
};

} // namespace auditgap::core
