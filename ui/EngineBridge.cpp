#include "EngineBridge.h"

#include <QMetaObject>

#include "engine/Dispatcher.h"

namespace auditgap::ui {

EngineBridge::EngineBridge(QObject* parent)
    : QObject(parent), m_engine(std::make_unique<core::Dispatcher>(events())) {}

EngineBridge::~EngineBridge() {
    m_engine.reset(); // cancels and joins every worker while the bridge still exists
}

core::EngineEvents EngineBridge::events() {
    using core::ChannelKey;
    core::EngineEvents ev;
    ev.progress = [this](const core::JobProgress& p) {
        post([this, p] {
            if (current(p.channel, p.requestId)) Q_EMIT progress(p.channel, p.done, p.total, p.etaSeconds);
        });
    };
    ev.finished = [this](const core::JobOutcome& o) { post([this, o] { finished(o); }); };
    ev.modelLoaded = [this](uint64_t id, const ChannelKey& k, const core::LoadedModelInfo& info) {
        post([this, id, k, info] {
            if (current(k, id)) Q_EMIT modelLoaded(k.slot, QString::fromStdString(info.path), info);
        });
    };
    ev.modelHashed = [this](uint64_t id, const ChannelKey& k, const std::string& path, const std::string& sha) {
        post([this, id, k, path, sha] {
            if (current(k, id)) Q_EMIT modelHashed(k.slot, QString::fromStdString(path), QString::fromStdString(sha));
        });
    };
    ev.gradients = [this](uint64_t id, const ChannelKey& k, std::shared_ptr<const core::RefusalGradients> g) {
        post([this, id, k, g] {
            if (current(k, id)) Q_EMIT gradientsReady(k.slot, g);
        });
    };
    ev.estimate = [this](uint64_t id, const ChannelKey& k, const std::vector<int>& hooks,
                         const std::vector<double>& budgets, std::shared_ptr<const core::LiveEstimate> e) {
        post([this, id, k, hooks, budgets, e] { deliverEstimate(id, k.slot, hooks, budgets, e); });
    };
    ev.cells = [this](uint64_t id, const ChannelKey& k, std::shared_ptr<const std::vector<core::AuditCell>> cells) {
        post([this, id, k, cells] {
            if (current(k, id)) Q_EMIT refinedCells(k.slot, cells);
        });
    };
    ev.gridLayer = [this](uint64_t id, const ChannelKey& k, std::shared_ptr<const core::AuditResults> r) {
        post([this, id, k, r] {
            if (current(k, id)) Q_EMIT gridLayer(k.slot, r);
        });
    };
    ev.fineTunePoint = [this](uint64_t id, const ChannelKey& k, const core::FineTuneCurve::Point& p) {
        post([this, id, k, p] {
            if (current(k, id)) Q_EMIT fineTunePoint(k.slot, p);
        });
    };
    ev.fineTuneFinished = [this](uint64_t id, const ChannelKey& k, std::optional<int> onset) {
        post([this, id, k, onset] {
            if (current(k, id)) Q_EMIT fineTuneFinished(k.slot, onset);
        });
    };
    researchEvents(ev);
    return ev;
}

void EngineBridge::researchEvents(core::EngineEvents& ev) {
    ev.dissociationStep = [this](uint64_t id, const core::ChannelKey& k, const core::DissociationStep& st, int total) {
        post([this, id, k, st, total] {
            if (current(k, id)) Q_EMIT dissociationStep(k.slot, st, total);
        });
    };
    ev.dissociationPoint = [this](uint64_t id, const core::ChannelKey& k, const core::DissociationPoint& p) {
        post([this, id, k, p] {
            if (current(k, id)) Q_EMIT dissociationPoint(k.slot, p);
        });
    };
    ev.dissociated = [this](uint64_t id, const core::ChannelKey& k, std::shared_ptr<const core::DissociateOutcome> r) {
        post([this, id, k, r] {
            if (current(k, id)) Q_EMIT dissociated(k.slot, r);
        });
    };
    ev.judged = [this](uint64_t id, const core::ChannelKey& k, std::shared_ptr<const core::JudgeJobResult> r) {
        post([this, id, k, r] {
            if (current(k, id)) Q_EMIT judged(r);
        });
    };
    ev.probed = [this](uint64_t id, const core::ChannelKey& k, std::shared_ptr<const core::ProbeResult> r) {
        post([this, id, k, r] {
            if (current(k, id)) Q_EMIT probed(r);
        });
    };
    ev.patched = [this](uint64_t id, const core::ChannelKey& k, std::shared_ptr<const core::PatchResult> r) {
        post([this, id, k, r] {
            if (current(k, id)) Q_EMIT patched(r);
        });
    };
}

void EngineBridge::post(std::function<void()> fn) {
    QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
}

quint64 EngineBridge::latest(const core::ChannelKey& channel) const {
    const auto it = m_latest.find(channel);
    return it == m_latest.end() ? 0 : it->second;
}

bool EngineBridge::current(const core::ChannelKey& channel, quint64 id) const {
    return id != 0 && latest(channel) == id;
}

quint64 EngineBridge::track(const core::ChannelKey& channel, quint64 id) {
    if (id == 0) return 0; // shutting down
    const bool wasBusy = busy();
    m_latest[channel] = id;
    m_pending.insert({channel, id});
    if (!wasBusy) Q_EMIT busyChanged(true);
    return id;
}

void EngineBridge::finished(const core::JobOutcome& o) {
    const bool wasBusy = busy();
    m_pending.erase({o.channel, o.requestId});
    if (current(o.channel, o.requestId)) {
        if (o.status == core::JobStatus::Failed) Q_EMIT jobFailed(o.channel, QString::fromStdString(o.error));
        Q_EMIT jobEnded(o.channel);
    }
    if (wasBusy && !busy()) Q_EMIT busyChanged(false);
}

quint64 EngineBridge::submit(const core::LoadRequest& rq) {
    cancelSlot(rq.slot);
    return track({core::Channel::Load, rq.slot}, m_engine->submit(rq));
}

quint64 EngineBridge::submit(const core::GradientsRequest& rq) {
    return track({core::Channel::Gradients, rq.slot}, m_engine->submit(rq));
}

quint64 EngineBridge::submit(const core::EstimateRequest& rq) {
    return track({core::Channel::Estimate, rq.slot}, m_engine->submit(rq));
}

quint64 EngineBridge::submit(const core::AuditRequest& rq) {
    return track({core::Channel::Refine, rq.slot}, m_engine->submit(rq));
}

quint64 EngineBridge::submit(const core::GridRequest& rq) { // the last hook point's id
    // One job per hook point, each on its own channel.
    const std::vector<uint64_t> ids = m_engine->submit(rq);
    quint64 last = 0;
    for (size_t i = 0; i < ids.size(); ++i) last = track({core::Channel::Grid, rq.slot, rq.hooks[i].ordinal()}, ids[i]);
    return last;
}

quint64 EngineBridge::submit(const core::FineTuneJobRequest& rq) {
    return track({core::Channel::FineTune, rq.slot}, m_engine->submit(rq));
}

quint64 EngineBridge::submit(const core::DissociateRequest& rq) {
    return track({core::Channel::Dissociate, rq.slot}, m_engine->submit(rq));
}

quint64 EngineBridge::submit(const core::JudgeRequest& rq) {
    return track({core::Channel::Judge, 0}, m_engine->submit(rq));
}

quint64 EngineBridge::submit(const core::ProbeRequest& rq) {
    return track({core::Channel::Probe, 0}, m_engine->submit(rq));
}

quint64 EngineBridge::submit(const core::PatchRequest& rq) {
    return track({core::Channel::Patch, 0}, m_engine->submit(rq));
}

void EngineBridge::deliverEstimate(quint64 id, int slot, std::vector<int> hooks, std::vector<double> budgets,
                                   std::shared_ptr<const core::LiveEstimate> estimate) {
    if (!current({core::Channel::Estimate, slot}, id)) return; // a newer request exists: stale
    Q_EMIT estimateReady(slot, hooks, budgets, estimate);
}

bool EngineBridge::promoteGrid(int slot, int hook) {
    return m_engine->promoteGrid(slot, hook);
}

void EngineBridge::cancelSlot(int slot) {
    for (auto& [key, id] : m_latest)
        if (key.slot == slot) id = 0; // anything still in flight there is stale now
    m_engine->cancelSlot(slot);
}

void EngineBridge::cancel(core::Channel channel) {
    for (auto& [key, id] : m_latest)
        if (key.channel == channel) id = 0;
    m_engine->cancel(channel);
}

void EngineBridge::stopAll() {
    for (auto& [key, id] : m_latest) id = 0;
    m_engine->cancelAll();
}

} // namespace auditgap::ui
