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
