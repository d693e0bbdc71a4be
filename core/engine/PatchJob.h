#pragma once
// Activation patching base <-> twin (`auditgap-cli patch`; the paper's
// intervention/run_activation_patch.py): does the base decode from a donor model's state? For
// each hook point (blocks; the paper: the nudge layer round(0.5 N)), each donor's block output on
// every prompt is cached, written over the base's own output at that block on the prompt pass
// (every prompt position, or the last one: scope "last"), and the base decodes greedily. Decode
// steps are untouched: the patched prompt lives on in the KV cache, as in the paper.
// Donors: the twin ("dissociated"), the base itself (the self-patch control: an exact
// identity) and, optionally, the harmful pole (the ceiling). Each answer is scored for
// coherence (metrics/Fluency, the paper's heuristic) and compliance (a judge model, as the
// paper's 13B classifier, or the refusal-prefix judge, stated). Models never co-reside: donors
// are cached one at a time, the base generates alone, then the judge runs.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "io/AuditSettings.h"
#include "io/PromptSet.h"
#include "model/HookPoint.h"

namespace auditgap::core {

struct PatchOptions {
    std::string base;                    // the base model's folder (the recipient)
    std::vector<ModelRef> donors;        // e.g. dissociated=DIR, base=DIR, harmful=DIR
    PromptSet prompts;
    std::string layers;                  // "" = the paper's: the nudge layer round(0.5 N)
    bool lastOnly = false;               // scope "last": the decision token only
    int maxNewTokens = 128;              // run_activation_patch.py GEN_TOKENS
    std::string chatTemplate = Protocol{}.chatTemplate;
    std::string judgeDir, judgeTemplate; // "" = the refusal-prefix judge (stated in the output)
    int batch = 8;
    std::string device, dtype;            // "" = the defaults (model/Transformer.h parseLoadOptions)
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(double done, double total, const std::string& stage)> onProgress;
};

struct PatchGeneration {
    std::string source;  // the donor's name
    HookPoint layer;
    int prompt = 0;
    std::string behaviorId, behavior, generation;
    bool coherent = false;
    bool harmful = false; // complied (prefix judge) or judged harmful (judge model)
    double judgeScore = 0.0; // judge model: P(yes); prefix judge: NaN
};

struct PatchSummary {
    std::string source;
    HookPoint layer;
    int n = 0;
    double coherence = 0.0, compliance = 0.0;
};

struct PatchResult {
    std::vector<PatchGeneration> generations;
    std::vector<PatchSummary> summary;
    std::string judge; // the judge model's checkpoint, or "prefix (the paper's judge was not given)"
    std::string scope; // "all" | "last"
    std::string promptSha256;
};

PatchResult runPatch(const PatchOptions& options);
std::string patchGenerationsCsv(const PatchResult& r); // source,layer,prompt,behavior_id,behavior,generation,coherent,harmful,judge_score,scope,judge
std::string patchSummaryCsv(const PatchResult& r);     // source,layer,n,coherence,compliance,scope,judge

} // namespace auditgap::core
