#pragma once
// Greedy decoding, batched, with a KV cache (or without, as a reference).
// Prompts of different lengths are right-padded; each row keeps its own positions and stops on
// its own stop token. The intervention's PrefillOnly edits act on the prompt pass only.
// Call from the thread that owns the model; `cancel` may be set from any thread.
#include <atomic>
#include <cstdint>
#include <vector>

#include "model/Intervention.h"

namespace auditgap::core {

class Transformer;

struct GenerationOptions {
    int64_t maxNewTokens = 128;
    std::vector<int64_t> stopTokens;      // default: the model's eos_token_id(s)
    bool useStopTokensFromConfig = true;
    const Intervention* intervention = nullptr;
    bool useKvCache = true;
    const std::atomic<bool>* cancel = nullptr; // checked between decode steps
    // When set (KV-cache path), receives the prompt pass's logits at each row's last prompt
    // token, [B, V] (a judge reads P(yes) there without a second forward).
    at::Tensor* firstStepLogits = nullptr;
};

struct GenerationResult {
    std::vector<std::vector<int64_t>> tokens; // new tokens per row, stop token included if hit
    std::vector<bool> stopped;                // row ended on a stop token
    bool cancelled = false;
};

GenerationResult generateGreedy(const Transformer& model,
                                const std::vector<std::vector<int64_t>>& prompts,
                                const GenerationOptions& options = {});

} // namespace auditgap::core
