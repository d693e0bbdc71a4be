#pragma once
// The one bridge between the GUI and the engine (STYLE rule 2, DESIGN §2). It owns the engine's
// Dispatcher (core/engine/Dispatcher.h), hands it typed requests (core/engine/Requests.h) and
// turns its events, which arrive on worker threads, into signals on the GUI thread (queued).
// The Dispatcher decides lanes, priorities and order; the bridge only keeps what the GUI needs:
// the newest request id per channel, so a result whose request was superseded while it was on
// its way is dropped here and views only ever see current results, and which requests are
// still running (busy). All public functions: GUI thread. Destruction cancels everything and
// joins the workers before any member goes away.
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include <QObject>
#include <QString>

#include "engine/Requests.h"

namespace auditgap::core {
class Dispatcher;
} // namespace auditgap::core

namespace auditgap::ui {

class EngineBridge : public QObject {
    Q_OBJECT
public:
    explicit EngineBridge(QObject* parent = nullptr);
    ~EngineBridge() override;

    // Each returns the request's id (the grid: its last hook point's). A load cancels everything
    // of its slot first.
    quint64 submit(const core::LoadRequest& request);
    quint64 submit(const core::GradientsRequest& request);
    quint64 submit(const core::EstimateRequest& request);
    quint64 submit(const core::AuditRequest& request);
    quint64 submit(const core::GridRequest& request);
    quint64 submit(const core::FineTuneJobRequest& request);
    quint64 submit(const core::DissociateRequest& request);
    quint64 submit(const core::JudgeRequest& request);
    quint64 submit(const core::ProbeRequest& request);
    quint64 submit(const core::PatchRequest& request);

    void cancelSlot(int slot);
    bool promoteGrid(int slot, int hook); // core::Dispatcher::promoteGrid
    void cancel(core::Channel channel); // that kind of work on every slot
    void stopAll();
    bool busy() const { return !m_pending.empty(); }
    quint64 latest(const core::ChannelKey& channel) const;
    // Test hook: an outcome as if the engine reported it (a failure, for the no-retry rule).
    void deliverOutcome(const core::JobOutcome& outcome) { finished(outcome); }

    // Test hook: deliver an estimate as the engine would (on the GUI thread).
    void deliverEstimate(quint64 id, int slot, std::vector<int> hooks, std::vector<double> budgets,
                         std::shared_ptr<const core::LiveEstimate> estimate);

Q_SIGNALS:
    void modelLoaded(int slot, const QString& path, const core::LoadedModelInfo& info);
    // The weights' SHA-256, hashed in the background after a load that found none cached.
    void modelHashed(int slot, const QString& path, const QString& sha256);
    void estimateReady(int slot, const std::vector<int>& hooks, const std::vector<double>& budgets,
                       const std::shared_ptr<const core::LiveEstimate>& estimate);
    void gradientsReady(int slot, const std::shared_ptr<const core::RefusalGradients>& gradients);
    void refinedCells(int slot, const std::shared_ptr<const std::vector<core::AuditCell>>& cells);
    void gridLayer(int slot, const std::shared_ptr<const core::AuditResults>& results);
    void fineTunePoint(int slot, const core::FineTuneCurve::Point& point);
    void fineTuneFinished(int slot, std::optional<int> onset);
    void dissociationStep(int slot, const core::DissociationStep& step, int totalSteps);
    void dissociationPoint(int slot, const core::DissociationPoint& point);
    void dissociated(int slot, const std::shared_ptr<const core::DissociateOutcome>& outcome);
    void judged(const std::shared_ptr<const core::JudgeJobResult>& result);
    void probed(const std::shared_ptr<const core::ProbeResult>& result);
    void patched(const std::shared_ptr<const core::PatchResult>& result);
    void progress(const core::ChannelKey& channel, qint64 done, qint64 total, double etaSeconds);
    void jobFailed(const core::ChannelKey& channel, const QString& error);
    void busyChanged(bool busy);
    // Any job of the newest request on `channel` ended (finished, failed or cancelled).
    void jobEnded(const core::ChannelKey& channel);

private:
    core::EngineEvents events();
    void researchEvents(core::EngineEvents& events);
    quint64 track(const core::ChannelKey& channel, quint64 id);
    bool current(const core::ChannelKey& channel, quint64 id) const;
    // Runs `fn` on the GUI thread (queued; dropped if the bridge is gone by then).
    void post(std::function<void()> fn);
    void finished(const core::JobOutcome& outcome);

    std::map<core::ChannelKey, quint64> m_latest;            // channel -> newest request id
    std::set<std::pair<core::ChannelKey, quint64>> m_pending; // submitted, not yet finished
    std::unique_ptr<core::Dispatcher> m_engine;               // last: destroyed (joined) first
};

} // namespace auditgap::ui
