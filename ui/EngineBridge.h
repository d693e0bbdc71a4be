#pragma once
// The one bridge between the GUI and the engine (STYLE rule 2, DESIGN §2). It owns
// core::Engine workers sharing one ModelStore (one copy of the weights):
//  - a fast lane per model slot runs live slider estimates only (one OpenMP thread each, so
//    the models' estimates run side by side), never waiting behind a sweep;
//  - the slow lane (lower CPU priority) runs model loading, slider refinement (full PGD + generation + reward),
//    the LVS grid (one job per model x hook point, lowest priority) and fine-tuning.
// Every request carries an increasing id; a new request on a channel ("estimate:A",
// "refine:A", ...) cancels the one in flight there (latest wins). Worker callbacks are
// re-posted to the GUI thread (queued); a result whose id is not the latest of its channel is
// dropped there, so views only ever see current results. All public functions: GUI thread.
// Destruction cancels everything and joins both workers before any member goes away.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

#include "engine/LiveEstimate.h"
#include "engine/Workbench.h"
#include "io/AuditResults.h"
#include "io/PromptSet.h"

namespace auditgap::core {
class Engine;
class ModelStore;
} // namespace auditgap::core

namespace auditgap::ui {

class EngineBridge : public QObject {
    Q_OBJECT
public:
    explicit EngineBridge(QObject* parent = nullptr);
    ~EngineBridge() override;

    quint64 loadModel(int slot, const QString& path, const QString& device, const QString& dtype);
    quint64 estimate(int slot, const QString& path, const core::LiveEstimateRequest& request,
                     const std::vector<int>& hooks);
    // Refusal-score gradients at every hook point (the instant tier of live estimates).
    quint64 gradients(int slot, const QString& path, const std::vector<core::PromptItem>& prompts);
    // Full audit of the given hook points at their budgets (settings.models = this slot's model).
    quint64 refine(int slot, const core::AuditSettings& settings, const core::PromptSet& prompts,
                   const std::vector<int>& hooks, const std::vector<double>& budgets);
    // LVS grid: one queued job per hook point (settings.budgets = the grid).
    void grid(int slot, const core::AuditSettings& settings, const core::PromptSet& prompts, const std::vector<int>& hooks);
    quint64 fineTune(int slot, const core::FineTuneRequest& request);

    void cancelSlot(int slot);
    void cancelRefinement(); // every slot's refine channel
    void stopAll();
    bool busy() const { return !m_pending.isEmpty(); }
    quint64 latest(const QString& channel) const { return m_latest.value(channel, 0); }

    // Test hook: deliver an estimate as the worker would (on the GUI thread).
    void deliverEstimate(quint64 id, int slot, std::vector<int> hooks, std::vector<double> budgets,
                         std::shared_ptr<const core::LiveEstimate> estimate);

Q_SIGNALS:
    void modelLoaded(int slot, const QString& path, const core::LoadedModelInfo& info);
    void estimateReady(int slot, const std::vector<int>& hooks, const std::vector<double>& budgets,
                       const std::shared_ptr<const core::LiveEstimate>& estimate);
    void gradientsReady(int slot, const std::shared_ptr<const core::RefusalGradients>& gradients);
    void refinedCells(int slot, const std::shared_ptr<const std::vector<core::AuditCell>>& cells);
    void gridLayer(int slot, const std::shared_ptr<const core::AuditResults>& results);
    void fineTunePoint(int slot, const core::FineTuneCurve::Point& point);
    void fineTuneFinished(int slot, std::optional<int> onset);
    void progress(const QString& channel, qint64 done, qint64 total, double etaSeconds);
    void jobFailed(const QString& channel, const QString& error);
    void busyChanged(bool busy);
    // Any job of the newest request on `channel` ended (finished, failed or cancelled).
    void jobEnded(const QString& channel);

private:
    static QString channel(const char* kind, int slot, int hook = -1);
    quint64 track(const QString& channel, quint64 id);
    void cancelChannel(const QString& channel);
    bool current(const QString& channel, quint64 id) const { return m_latest.value(channel, 0) == id; }
    // Runs `fn` on the GUI thread (queued; dropped if the bridge is gone by then).
    void post(std::function<void()> fn);
    void finished(quint64 id, const QString& channel, bool failed, const QString& error);

    std::shared_ptr<core::ModelStore> m_store;
    std::unique_ptr<core::Engine> m_fast[3]; // per slot
    std::unique_ptr<core::Engine> m_slow;
    QHash<QString, quint64> m_latest;  // channel -> newest request id
    QSet<QString> m_pending;           // "channel#id" submitted, not yet finished
    QString m_device[3], m_dtype[3];   // per slot, as loaded
};

} // namespace auditgap::ui
