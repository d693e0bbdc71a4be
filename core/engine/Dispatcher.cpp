#include "engine/Dispatcher.h"

#include "engine/AuditRunner.h"
#include "engine/Engine.h"
#include "engine/ModelStore.h"
#include "engine/Workbench.h"
#include "io/HashCache.h"
#include "platform/Preemption.h"

namespace auditgap::core {

namespace {
// Slow-lane priorities (higher first): the tier order of DESIGN §2.
constexpr int kPriorityLoad = 10;
constexpr int kPriorityRefine = 5;
constexpr int kPriorityFineTune = 0;
constexpr int kPriorityGridFirst = -1; // a grid hook point whose slider the user just moved
constexpr int kPriorityGrid = -2;
// Fast lanes: gradients before estimates.
constexpr int kPriorityGradients = 1;
constexpr int kPriorityEstimate = 0;
} // namespace

Dispatcher::Dispatcher(EngineEvents events) : m_events(std::move(events)), m_store(std::make_shared<ModelStore>()) {
    Engine::Callbacks cb;
    cb.onProgress = [this](const JobProgress& p) {
        if (m_events.progress && current(p.channel, p.requestId)) m_events.progress(p);
    };
    cb.onFinished = [this](const JobOutcome& o) {
        if (m_events.finished) m_events.finished(o);
    };
    for (auto& fast : m_fast) fast = std::make_unique<Engine>(cb, m_store, EngineOptions{false, 1});
    // The full attack at the sliders has its own lane: it never waits behind a running grid
    // layer, which yields to it at its next step (platform/Preemption).
    m_refine = std::make_unique<Engine>(cb, m_store, EngineOptions{false, 0});
    m_hash = std::make_unique<Engine>(cb, m_store, EngineOptions{true, 1});
    m_slow = std::make_unique<Engine>(cb, m_store, EngineOptions{true, 0});
}

Dispatcher::~Dispatcher() {
    // Cancel first, then join: no worker may outlive the store or call into a dead dispatcher.
    for (auto& fast : m_fast) fast->shutdown();
    m_refine->shutdown();
    m_hash->shutdown();
    m_slow->shutdown();
}

Engine& Dispatcher::laneOf(const ChannelKey& channel) {
    const bool live = channel.channel == Channel::Gradients || channel.channel == Channel::Estimate;
    if (channel.channel == Channel::Refine) return *m_refine;
    if (channel.channel == Channel::Hash) return *m_hash;
    return live ? *m_fast[static_cast<size_t>(channel.slot)] : *m_slow;
}

uint64_t Dispatcher::enqueue(const ChannelKey& channel, int priority, std::function<void(JobContext&)> job) {
    const uint64_t id = m_nextId++;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_latest[channel] = id;
    }
    return laneOf(channel).submit(channel, std::move(job), priority, id);
}

void Dispatcher::forget(const ChannelKey& channel) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_latest[channel] = 0;
}

bool Dispatcher::current(const ChannelKey& channel, uint64_t id) const {
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto it = m_latest.find(channel);
    return it != m_latest.end() && it->second == id;
}

Dispatcher::SlotModel Dispatcher::slotModel(int slot) const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_slots[static_cast<size_t>(slot)];
}

uint64_t Dispatcher::submit(const LoadRequest& rq) {
    cancelSlot(rq.slot);
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_slots[static_cast<size_t>(rq.slot)] = {rq.device, rq.dtype};
    }
    const ChannelKey key{Channel::Load, rq.slot};
    return enqueue(key, kPriorityLoad, [this, rq, key](JobContext& ctx) {
        const LoadedModelInfo info = loadModelInfo(ctx.models(), rq.path, rq.device, rq.dtype, WeightsHash::IfCached);
        if (!current(key, ctx.requestId())) return;
        if (m_events.modelLoaded) m_events.modelLoaded(ctx.requestId(), key, info);
        if (info.sha256.empty() && !rq.path.empty()) submitHash(rq.slot, rq.path);
    });
}

uint64_t Dispatcher::submitHash(int slot, const std::string& path) {
    const ChannelKey key{Channel::Hash, slot};
    return enqueue(key, 0, [this, path, key](JobContext& ctx) {
        const std::string sha = cachedModelHash(path, [&](uint64_t done, uint64_t total) {
            ctx.progress(static_cast<int64_t>(done >> 20), static_cast<int64_t>(total >> 20));
            return !ctx.cancelled();
        });
        ctx.checkCancelled();
        if (m_events.modelHashed && current(key, ctx.requestId())) m_events.modelHashed(ctx.requestId(), key, path, sha);
    });
}

uint64_t Dispatcher::submit(const GradientsRequest& rq) {
    const ChannelKey key{Channel::Gradients, rq.slot};
    const SlotModel m = slotModel(rq.slot);
    return enqueue(key, kPriorityGradients, [this, rq, key, m](JobContext& ctx) {
        const TierScope live(Tier::Live);
        auto g = std::make_shared<const RefusalGradients>(
            refusalGradients(ctx.models(), rq.path, m.device, m.dtype, rq.prompts, ctx.cancelFlag()));
        ctx.checkCancelled();
        if (m_events.gradients && current(key, ctx.requestId())) m_events.gradients(ctx.requestId(), key, g);
    });
}

uint64_t Dispatcher::submit(const EstimateRequest& rq) {
    const ChannelKey key{Channel::Estimate, rq.slot};
    const SlotModel m = slotModel(rq.slot);
    return enqueue(key, kPriorityEstimate, [this, rq, key, m](JobContext& ctx) {
        const TierScope live(Tier::Live);
        // The clean row as soon as it exists, then each hook point's row (a real model's first
        // view must not wait for the whole job).
        const EstimateSink partial = [&](const LiveEstimate& so) {
            if (m_events.estimate && current(key, ctx.requestId()))
                m_events.estimate(ctx.requestId(), key, rq.hooks, rq.estimate.budgets, std::make_shared<const LiveEstimate>(so));
        };
        auto e = std::make_shared<const LiveEstimate>(estimateRefusal(ctx.models(), rq.path, m.device, m.dtype, rq.estimate,
                                                                      ctx.cancelFlag(), &ctx.activations(), partial));
        ctx.checkCancelled();
        if (m_events.estimate && current(key, ctx.requestId()))
            m_events.estimate(ctx.requestId(), key, rq.hooks, rq.estimate.budgets, e);
    });
}

// The slot's device and dtype (its LoadRequest's) where the settings name none: the same
// weights as the live tiers (one copy in the store), computed in the dtype the user chose.
AuditSettings Dispatcher::onSlotModel(AuditSettings s, int slot) const {
    const SlotModel m = slotModel(slot);
    if (s.device.empty()) s.device = m.device;
    if (s.dtype.empty()) s.dtype = m.dtype;
    return s;
}

uint64_t Dispatcher::submit(const AuditRequest& request) {
    AuditRequest rq = request;
    rq.settings = onSlotModel(rq.settings, rq.slot);
    const ChannelKey key{Channel::Refine, rq.slot};
    return enqueue(key, kPriorityRefine, [this, rq, key](JobContext& ctx) {
        const TierScope refine(Tier::Refine, ctx.cancelFlag()); // yields to live estimates; the grid yields to it
        const uint64_t id = ctx.requestId();
        const int64_t perHook = static_cast<int64_t>(rq.prompts.items.size());
        const int64_t total = perHook * static_cast<int64_t>(rq.hooks.size());
        for (size_t i = 0; i < rq.hooks.size(); ++i) {
            AuditSettings s = rq.settings;
            s.layers = rq.hooks[i].name();
            s.budgets = {rq.budgets.at(i)};
            AuditCallbacks cb;
            cb.cancel = ctx.cancelFlag();
            cb.promptsFirst = rq.promptsFirst;
            const int64_t before = perHook * static_cast<int64_t>(i);
            cb.onProgress = [&ctx, before, total](int64_t done, int64_t) { ctx.progress(before + done, total); };
            cb.onCells = [this, id, key](const std::vector<AuditCell>& cells) {
                if (m_events.cells && current(key, id))
                    m_events.cells(id, key, std::make_shared<const std::vector<AuditCell>>(cells));
            };
            runAudit(s, rq.prompts, cb, &ctx.models(), &ctx.activations());
        }
    });
}

std::vector<uint64_t> Dispatcher::submit(const GridRequest& rq) {
    std::vector<uint64_t> ids;
    for (const HookPoint h : rq.hooks) {
        const ChannelKey key{Channel::Grid, rq.slot, h.ordinal()};
        AuditSettings s = onSlotModel(rq.settings, rq.slot);
        s.layers = h.name();
        ids.push_back(enqueue(key, kPriorityGrid, [this, s, prompts = rq.prompts, key](JobContext& ctx) {
            const TierScope background(Tier::Background, ctx.cancelFlag()); // yields to the live tiers at every step
            AuditCallbacks cb;
            cb.cancel = ctx.cancelFlag();
            cb.onProgress = [&ctx](int64_t done, int64_t total) { ctx.progress(done, total); };
            auto r = std::make_shared<const AuditResults>(runAudit(s, prompts, cb, &ctx.models(), &ctx.activations()));
            ctx.checkCancelled();
            if (m_events.gridLayer && current(key, ctx.requestId())) m_events.gridLayer(ctx.requestId(), key, r);
        }));
    }
    return ids;
}

uint64_t Dispatcher::submit(const FineTuneJobRequest& rq) {
    const ChannelKey key{Channel::FineTune, rq.slot};
    const SlotModel m = slotModel(rq.slot);
    FineTuneRequest ft = rq.fineTune;
    ft.device = m.device;
    ft.dtype = m.dtype;
    return enqueue(key, kPriorityFineTune, [this, ft, key](JobContext& ctx) {
        const uint64_t id = ctx.requestId();
        const auto curve = fineTuneCurve(ft, ctx.cancelFlag(), [&](const FineTuneCurve::Point& p) {
            ctx.progress(p.step, ft.maxSteps);
            if (m_events.fineTunePoint && current(key, id)) m_events.fineTunePoint(id, key, p);
        });
        ctx.checkCancelled();
        if (m_events.fineTuneFinished && current(key, id)) m_events.fineTuneFinished(id, key, curve.onset);
    });
}

uint64_t Dispatcher::submit(const DissociateRequest& rq) {
    const ChannelKey key{Channel::Dissociate, rq.slot};
    DissociateOptions o = rq.options;
    return enqueue(key, kPriorityFineTune, [this, o, key](JobContext& ctx) mutable {
        const uint64_t id = ctx.requestId();
        o.cancel = ctx.cancelFlag();
        o.onStep = [&](const DissociationStep& s, int total) {
            ctx.progress(s.step, total);
            if (m_events.dissociationStep && current(key, id)) m_events.dissociationStep(id, key, s, total);
        };
        o.onPoint = [&](const DissociationPoint& p) {
            if (m_events.dissociationPoint && current(key, id)) m_events.dissociationPoint(id, key, p);
        };
        auto r = std::make_shared<const DissociateOutcome>(runDissociate(o));
        ctx.checkCancelled();
        if (m_events.dissociated && current(key, id)) m_events.dissociated(id, key, r);
    });
}

uint64_t Dispatcher::submit(const JudgeRequest& rq) {
    const ChannelKey key{Channel::Judge, 0};
    JudgeJobOptions o = rq.options;
    return enqueue(key, kPriorityFineTune, [this, o, key](JobContext& ctx) mutable {
        o.cancel = ctx.cancelFlag();
        o.onProgress = [&](size_t done, size_t total) { ctx.progress(static_cast<int64_t>(done), static_cast<int64_t>(total)); };
        auto r = std::make_shared<const JudgeJobResult>(runJudgeJob(o));
        ctx.checkCancelled();
        if (m_events.judged && current(key, ctx.requestId())) m_events.judged(ctx.requestId(), key, r);
    });
}

uint64_t Dispatcher::submit(const ProbeRequest& rq) {
    const ChannelKey key{Channel::Probe, 0};
    ProbeOptions o = rq.options;
    return enqueue(key, kPriorityFineTune, [this, o, key](JobContext& ctx) mutable {
        o.cancel = ctx.cancelFlag();
        o.onProgress = [&](double done, double total, const std::string&) {
            ctx.progress(static_cast<int64_t>(done * 100), static_cast<int64_t>(total * 100));
        };
        auto r = std::make_shared<const ProbeResult>(runProbe(o));
        ctx.checkCancelled();
        if (m_events.probed && current(key, ctx.requestId())) m_events.probed(ctx.requestId(), key, r);
    });
}

uint64_t Dispatcher::submit(const PatchRequest& rq) {
    const ChannelKey key{Channel::Patch, 0};
    PatchOptions o = rq.options;
    return enqueue(key, kPriorityFineTune, [this, o, key](JobContext& ctx) mutable {
        o.cancel = ctx.cancelFlag();
        o.onProgress = [&](double done, double total, const std::string&) {
            ctx.progress(static_cast<int64_t>(done * 100), static_cast<int64_t>(total * 100));
        };
        auto r = std::make_shared<const PatchResult>(runPatch(o));
        ctx.checkCancelled();
        if (m_events.patched && current(key, ctx.requestId())) m_events.patched(ctx.requestId(), key, r);
    });
}

bool Dispatcher::promoteGrid(int slot, int hook) {
    const ChannelKey key{Channel::Grid, slot, hook};
    return laneOf(key).promote(key, kPriorityGridFirst);
}

void Dispatcher::cancel(const ChannelKey& channel) {
    forget(channel);
    laneOf(channel).cancel(channel);
}

void Dispatcher::cancelWhere(const std::function<bool(const ChannelKey&)>& which) {
    std::vector<ChannelKey> keys;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (const auto& [key, id] : m_latest)
            if (which(key)) keys.push_back(key);
    }
    for (const auto& k : keys) cancel(k);
}

void Dispatcher::cancelSlot(int slot) {
    cancelWhere([slot](const ChannelKey& k) { return k.slot == slot; });
}

void Dispatcher::cancel(Channel channel) {
    cancelWhere([channel](const ChannelKey& k) { return k.channel == channel; });
}

void Dispatcher::cancelAll() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (auto& [key, id] : m_latest) id = 0;
    }
    for (auto& fast : m_fast) fast->cancelAll();
    m_refine->cancelAll();
    m_hash->cancelAll();
    m_slow->cancelAll();
}

void Dispatcher::waitIdle() {
    for (auto& fast : m_fast) fast->waitIdle();
    m_refine->waitIdle();
    m_slow->waitIdle();
    m_refine->waitIdle();
    m_hash->waitIdle();
    for (auto& fast : m_fast) fast->waitIdle();
}

} // namespace auditgap::core
