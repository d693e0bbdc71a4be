#pragma once
// What a front end asks of the engine, as value types (DESIGN §2): a typed request goes in, an
// immutable typed result comes back (EngineEvents). No strings name channels and no lambdas
// cross the boundary: each request has a channel (ChannelKey) on which the newest request wins,
// and the engine (Dispatcher) decides the lane, the priority and the order of the work.
// Torch-free; plain values, safe to copy between threads.
#include <compare>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/DissociateJob.h"
#include "engine/JudgeJob.h"
#include "engine/LiveEstimate.h"
#include "engine/PatchJob.h"
#include "engine/ProbeJob.h"
#include "engine/Workbench.h"
#include "io/AuditResults.h"
#include "io/PromptSet.h"
#include "model/HookPoint.h"

namespace auditgap::core {

// The kinds of work, in the order the engine serves them when several wait (DESIGN §2 tiers):
// loading first, then the interactive tiers, the full attack, fine-tuning, and the LVS grid last.
// The research jobs (dissociate, judge, probe, patch) run beside fine-tuning.
enum class Channel { Load, Hash, Gradients, Estimate, Refine, FineTune, Grid, Audit, Dissociate, Judge, Probe, Patch };
const char* channelName(Channel c); // "load", "gradients", ...

// A channel: the kind of work for one model slot (A = 0, B, C) and, for the LVS grid, one hook
// point (its ordinal; -1 = none). The newest request on a channel cancels the older ones there.
struct ChannelKey {
    Channel channel = Channel::Audit;
    int slot = 0;
    int hook = -1;
    auto operator<=>(const ChannelKey&) const = default;
    std::string name() const; // for messages and logs: "estimate:A", "grid:B:4"
};

// Load (or find) a model folder for a slot; later requests of the slot use its device and dtype.
struct LoadRequest {
    int slot = 0;
    std::string path, device, dtype;
};

// Refusal-score gradients at every hook point (the instant tier of live estimates).
struct GradientsRequest {
    int slot = 0;
    std::string path;
    std::vector<PromptItem> prompts;
};

// The one-step estimate at the given hook points and budgets (estimate.layers / .budgets);
// `hooks` are the workbench ordinals of estimate.layers, echoed back with the result.
struct EstimateRequest {
    int slot = 0;
    std::string path;
    LiveEstimateRequest estimate;
    std::vector<int> hooks;
};

// The full attack (PGD / ℓ2 / random / steering + generation + judge + reward) at each hook point
// at its own budget: the workbench's refinement of estimates. settings.models is set from the
// slot's model by the caller.
struct AuditRequest {
    int slot = 0;
    AuditSettings settings;
    PromptSet prompts;
    std::vector<HookPoint> hooks;
    std::vector<double> budgets; // one per hook
    std::vector<int> promptsFirst; // prompt indices refined first (the prompts in view)
};

// The LVS grid: every hook point at every budget of settings.budgets, one job per hook point at
// the lowest priority; each hook point's results arrive as they finish.
struct GridRequest {
    int slot = 0;
    AuditSettings settings;
    PromptSet prompts;
    std::vector<HookPoint> hooks;
};

// Harmful fine-tuning of a private copy of the slot's model (the curve of compliance).
struct FineTuneJobRequest {
    int slot = 0;
    FineTuneRequest fineTune;
};

// Building a dissociated twin (engine/DissociateJob.h); its callbacks are the engine's to set:
// steps and checkpoints come back as events. `slot` is where the twin will be opened.
struct DissociateRequest {
    int slot = 1;
    DissociateOptions options;
};

// Judging saved generations offline (engine/JudgeJob.h); the judged file is written to
// options.output and its result comes back.
struct JudgeRequest {
    JudgeJobOptions options;
};

// A linear probe per hook point over the given models (engine/ProbeJob.h).
struct ProbeRequest {
    ProbeOptions options;
};

// Activation patching donors -> base (engine/PatchJob.h).
struct PatchRequest {
    PatchOptions options;
};

enum class JobStatus { Finished, Cancelled, Failed };
const char* jobStatusName(JobStatus s);

struct JobProgress {
    uint64_t requestId = 0;
    ChannelKey channel;
    int64_t done = 0;
    int64_t total = 0;
    double elapsedSeconds = 0.0;
    double etaSeconds = -1.0; // < 0: unknown yet
};

struct JobOutcome {
    uint64_t requestId = 0;
    ChannelKey channel;
    JobStatus status = JobStatus::Finished;
    std::string error; // for Failed: the message (names the file and field)
};

// Results and progress, called on the engine's worker threads as they happen; each carries the
// id and channel of its request, so a receiver can drop results of superseded requests. They
// must be quick and must not call back into the engine's blocking functions.
struct EngineEvents {
    std::function<void(const JobProgress&)> progress;
    std::function<void(const JobOutcome&)> finished;
    std::function<void(uint64_t id, const ChannelKey&, const LoadedModelInfo&)> modelLoaded;
    // The weights' SHA-256 of a slot whose modelLoaded came without one (on channel Hash:slot),
    // computed on a lane of its own after the load so that the first view does not wait for it.
    std::function<void(uint64_t id, const ChannelKey&, const std::string& path, const std::string& sha256)> modelHashed;
    std::function<void(uint64_t id, const ChannelKey&, std::shared_ptr<const RefusalGradients>)> gradients;
    std::function<void(uint64_t id, const ChannelKey&, const std::vector<int>& hooks, const std::vector<double>& budgets,
                       std::shared_ptr<const LiveEstimate>)>
        estimate;
    std::function<void(uint64_t id, const ChannelKey&, std::shared_ptr<const std::vector<AuditCell>>)> cells;
    std::function<void(uint64_t id, const ChannelKey&, std::shared_ptr<const AuditResults>)> gridLayer;
    std::function<void(uint64_t id, const ChannelKey&, const FineTuneCurve::Point&)> fineTunePoint;
    std::function<void(uint64_t id, const ChannelKey&, std::optional<int> onset)> fineTuneFinished;
    std::function<void(uint64_t id, const ChannelKey&, const DissociationStep&, int totalSteps)> dissociationStep;
    std::function<void(uint64_t id, const ChannelKey&, const DissociationPoint&)> dissociationPoint;
    std::function<void(uint64_t id, const ChannelKey&, std::shared_ptr<const DissociateOutcome>)> dissociated;
    std::function<void(uint64_t id, const ChannelKey&, std::shared_ptr<const JudgeJobResult>)> judged;
    std::function<void(uint64_t id, const ChannelKey&, std::shared_ptr<const ProbeResult>)> probed;
    std::function<void(uint64_t id, const ChannelKey&, std::shared_ptr<const PatchResult>)> patched;
};

} // namespace auditgap::core
