#pragma once
// One audit (DESIGN §1.1-1.3): for every model, prompt, layer and budget, the attack, the
// perturbed greedy generation, the judge and the reward, turned into cells and summaries.
// runAudit is the pipeline of the stages in engine/AuditStages.h.
// The fast path of DESIGN §3: prompts are batched with per-row δ (right padding, masks); the
// clean activations of every hook point are computed once per prompt (ActivationCache) and
// each attack step runs only the blocks after its layer; the budgets of a layer generate
// together in one KV-cached batch whose prefill carries δ.
// Runs on the calling thread (the engine's worker). `cancel` may be set from any thread: the
// run then throws Cancelled and returns nothing.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "io/AuditResults.h"
#include "io/PromptSet.h"

namespace auditgap::core {

class ActivationCache;
class ModelStore;

struct AuditCallbacks {
    std::function<void(const std::vector<AuditCell>&)> onCells; // each finished group of cells
    std::function<void(int64_t done, int64_t total)> onProgress;   // in cells
    std::function<void(const std::string&)> onWarning;
    const std::atomic<bool>* cancel = nullptr;
    // Prompt indices audited before the others (the GUI's prompts in view); their cells come
    // first. The results do not depend on it beyond batching (which prompts share a batch).
    std::vector<int> promptsFirst;
};

// `store` / `cache` may be null (a private one is used).
AuditResults runAudit(const AuditSettings& settings, const AuditCallbacks& callbacks = {},
                      ModelStore* store = nullptr, ActivationCache* cache = nullptr);
// The same with an already loaded prompt set (settings.prompts is only recorded).
AuditResults runAudit(const AuditSettings& settings, const PromptSet& prompts, const AuditCallbacks& callbacks,
                      ModelStore* store, ActivationCache* cache);

} // namespace auditgap::core
