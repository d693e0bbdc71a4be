#include "EngineBridge.h"

#include <QMetaObject>

#include "Error.h"
#include "Workspace.h"
#include "engine/AuditRunner.h"
#include "engine/Engine.h"
#include "engine/ModelStore.h"

namespace auditgap::ui {

namespace {
constexpr int kPriorityLoad = 10;
constexpr int kPriorityRefine = 5;
constexpr int kPriorityFineTune = 0;
constexpr int kPriorityGrid = -1;
} // namespace

EngineBridge::EngineBridge(QObject* parent) : QObject(parent), m_store(std::make_shared<core::ModelStore>()) {
    auto callbacks = [this] {
        core::Engine::Callbacks cb;
        cb.onProgress = [this](const core::JobProgress& p) {
            const QString ch = QString::fromStdString(p.channel);
            const quint64 id = p.requestId;
            post([this, ch, id, p] {
                if (current(ch, id))
                    Q_EMIT progress(ch, p.done, p.total, p.etaSeconds);
            });
        };
        cb.onFinished = [this](const core::JobOutcome& o) {
            const QString ch = QString::fromStdString(o.channel), err = QString::fromStdString(o.error);
            const quint64 id = o.requestId;
            const bool failed = o.status == core::JobStatus::Failed;
            post([this, id, ch, failed, err] { finished(id, ch, failed, err); });
        };
        return cb;
    };
    for (auto& fast : m_fast)
        fast = std::make_unique<core::Engine>(callbacks(), m_store, core::EngineOptions{false, 1});
    m_slow = std::make_unique<core::Engine>(callbacks(), m_store, core::EngineOptions{true, 0});
}

EngineBridge::~EngineBridge() {
    // Cancel first, then join: no worker may outlive the store or call into a dead bridge.
    for (auto& fast : m_fast)
        fast->shutdown();
    m_slow->shutdown();
}

QString EngineBridge::channel(const char* kind, int slot, int hook) {
    QString ch = QLatin1String(kind) + QLatin1Char(':') + Workspace::slotName(slot);
    if (hook >= 0)
        ch += QLatin1Char(':') + QString::number(hook);
    return ch;
}

void EngineBridge::post(std::function<void()> fn) {
    QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
}

quint64 EngineBridge::track(const QString& ch, quint64 id) {
    const bool wasBusy = busy();
    m_latest[ch] = id;
    m_pending.insert(ch + QLatin1Char('#') + QString::number(id));
    if (!wasBusy)
        Q_EMIT busyChanged(true);
    return id;
}

void EngineBridge::finished(quint64 id, const QString& ch, bool failed, const QString& error) {
    const bool wasBusy = busy();
    m_pending.remove(ch + QLatin1Char('#') + QString::number(id));
    if (failed && current(ch, id))
        Q_EMIT jobFailed(ch, error);
    if (current(ch, id))
        Q_EMIT jobEnded(ch);
    if (wasBusy && !busy())
        Q_EMIT busyChanged(false);
}

quint64 EngineBridge::loadModel(int slot, const QString& path, const QString& device, const QString& dtype) {
    cancelSlot(slot);
    m_device[slot] = device;
    m_dtype[slot] = dtype;
    const QString ch = channel("load", slot);
    const std::string p = path.toStdString(), dev = device.toStdString(), dt = dtype.toStdString();
    const quint64 id = m_slow->submit(
        ch.toStdString(),
        [this, slot, p, dev, dt, ch, path](core::JobContext& ctx) {
            const core::LoadedModelInfo info = core::loadModelInfo(ctx.models(), p, dev, dt);
            const quint64 rid = ctx.requestId();
            post([this, slot, info, ch, rid, path] {
                if (current(ch, rid))
                    Q_EMIT modelLoaded(slot, path, info);
            });
        },
        kPriorityLoad);
    return track(ch, id);
}

quint64 EngineBridge::estimate(int slot, const QString& path, const core::LiveEstimateRequest& request,
                               const std::vector<int>& hooks) {
    const QString ch = channel("estimate", slot);
    const std::string p = path.toStdString(), dev = m_device[slot].toStdString(), dt = m_dtype[slot].toStdString();
    const quint64 id = m_fast[slot]->submit(ch.toStdString(), [this, slot, p, dev, dt, request, hooks](core::JobContext& ctx) {
        auto e = std::make_shared<const core::LiveEstimate>(
            core::estimateRefusal(ctx.models(), p, dev, dt, request, ctx.cancelFlag(), &ctx.activations()));
        ctx.checkCancelled();
        const quint64 rid = ctx.requestId();
        const std::vector<double> budgets = request.budgets;
        post([this, rid, slot, hooks, budgets, e] { deliverEstimate(rid, slot, hooks, budgets, e); });
    });
    return track(ch, id);
}

quint64 EngineBridge::gradients(int slot, const QString& path, const std::vector<core::PromptItem>& prompts) {
    const QString ch = channel("gradients", slot);
    const std::string p = path.toStdString(), dev = m_device[slot].toStdString(), dt = m_dtype[slot].toStdString();
    const quint64 id = m_fast[slot]->submit(ch.toStdString(), [this, slot, p, dev, dt, prompts, ch](core::JobContext& ctx) {
        auto g = std::make_shared<const core::RefusalGradients>(
            core::refusalGradients(ctx.models(), p, dev, dt, prompts, ctx.cancelFlag()));
        ctx.checkCancelled();
        const quint64 rid = ctx.requestId();
        post([this, slot, ch, rid, g] {
            if (current(ch, rid))
                Q_EMIT gradientsReady(slot, g);
        });
    }, 1);
    return track(ch, id);
}

void EngineBridge::deliverEstimate(quint64 id, int slot, std::vector<int> hooks, std::vector<double> budgets,
                                   std::shared_ptr<const core::LiveEstimate> estimate) {
    if (!current(channel("estimate", slot), id))
        return; // a newer request exists: stale
    Q_EMIT estimateReady(slot, hooks, budgets, estimate);
}

quint64 EngineBridge::refine(int slot, const core::AuditSettings& settings, const core::PromptSet& prompts,
                             const std::vector<int>& hooks, const std::vector<double>& budgets) {
    const QString ch = channel("refine", slot);
    const quint64 id = m_slow->submit(
        ch.toStdString(),
        [this, slot, settings, prompts, hooks, budgets, ch](core::JobContext& ctx) {
            const quint64 rid = ctx.requestId();
            const int64_t perHook = static_cast<int64_t>(prompts.items.size());
            const int64_t total = perHook * static_cast<int64_t>(hooks.size());
            for (size_t i = 0; i < hooks.size(); ++i) {
                core::AuditSettings s = settings;
                s.layers = Workspace::hookLayer(hooks[i]);
                s.budgets = {budgets[i]};
                core::AuditCallbacks cb;
                cb.cancel = ctx.cancelFlag();
                const int64_t before = perHook * static_cast<int64_t>(i);
                cb.onProgress = [&ctx, before, total](int64_t done, int64_t) { ctx.progress(before + done, total); };
                cb.onCells = [this, slot, ch, rid](const std::vector<core::AuditCell>& cells) {
                    auto shared = std::make_shared<const std::vector<core::AuditCell>>(cells);
                    post([this, slot, ch, rid, shared] {
                        if (current(ch, rid))
                            Q_EMIT refinedCells(slot, shared);
                    });
                };
                core::runAudit(s, prompts, cb, &ctx.models(), &ctx.activations());
            }
        },
        kPriorityRefine);
    return track(ch, id);
}

void EngineBridge::grid(int slot, const core::AuditSettings& settings, const core::PromptSet& prompts,
                        const std::vector<int>& hooks) {
    for (int h : hooks) {
        const QString ch = channel("grid", slot, h);
        core::AuditSettings s = settings;
        s.layers = Workspace::hookLayer(h);
        const quint64 id = m_slow->submit(
            ch.toStdString(),
            [this, slot, s, prompts, ch](core::JobContext& ctx) {
                core::AuditCallbacks cb;
                cb.cancel = ctx.cancelFlag();
                cb.onProgress = [&ctx](int64_t done, int64_t total) { ctx.progress(done, total); };
                auto r = std::make_shared<const core::AuditResults>(
                    core::runAudit(s, prompts, cb, &ctx.models(), &ctx.activations()));
                ctx.checkCancelled();
                const quint64 rid = ctx.requestId();
                post([this, slot, ch, rid, r] {
                    if (current(ch, rid))
                        Q_EMIT gridLayer(slot, r);
                });
            },
            kPriorityGrid);
        track(ch, id);
    }
}

quint64 EngineBridge::fineTune(int slot, const core::FineTuneRequest& request) {
    const QString ch = channel("finetune", slot);
    core::FineTuneRequest rq = request;
    rq.device = m_device[slot].toStdString();
    rq.dtype = m_dtype[slot].toStdString();
    const quint64 id = m_slow->submit(
        ch.toStdString(),
        [this, slot, rq, ch](core::JobContext& ctx) {
            const quint64 rid = ctx.requestId();
            const int total = rq.maxSteps;
            const auto curve = core::fineTuneCurve(rq, ctx.cancelFlag(), [&](const core::FineTuneCurve::Point& p) {
                ctx.progress(p.step, total);
                post([this, slot, ch, rid, p] {
                    if (current(ch, rid))
                        Q_EMIT fineTunePoint(slot, p);
                });
            });
            ctx.checkCancelled();
            const std::optional<int> onset = curve.onset;
            post([this, slot, ch, rid, onset] {
                if (current(ch, rid))
                    Q_EMIT fineTuneFinished(slot, onset);
            });
        },
        kPriorityFineTune);
    return track(ch, id);
}

void EngineBridge::cancelChannel(const QString& ch) {
    m_latest[ch] = 0; // anything still in flight there is stale now
    if (ch.startsWith(QLatin1String("estimate:")) || ch.startsWith(QLatin1String("gradients:")))
        m_fast[ch.at(ch.indexOf(QLatin1Char(':')) + 1).unicode() - u'A']->cancel(ch.toStdString());
    else
        m_slow->cancel(ch.toStdString());
}

void EngineBridge::cancelSlot(int slot) {
    const QString suffix = QLatin1Char(':') + Workspace::slotName(slot);
    const QStringList channels = m_latest.keys();
    for (const QString& ch : channels)
        if (ch.contains(suffix + QLatin1Char(':')) || ch.endsWith(suffix))
            cancelChannel(ch);
}

void EngineBridge::cancelRefinement() {
    for (int s = 0; s < 3; ++s)
        if (m_latest.contains(channel("refine", s)))
            cancelChannel(channel("refine", s));
}

void EngineBridge::stopAll() {
    for (auto it = m_latest.begin(); it != m_latest.end(); ++it)
        it.value() = 0;
    for (auto& fast : m_fast)
        fast->cancelAll();
    m_slow->cancelAll();
}

} // namespace auditgap::ui
