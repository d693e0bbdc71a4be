#pragma once
// The engine's front door for an interactive front end (the workbench): typed requests in
// (engine/Requests.h), immutable results out (EngineEvents). The Dispatcher owns the policy:
//  - lanes: a fast lane per model slot runs the live tiers only (gradients, one-step
//    estimates; one OpenMP thread each, so the models' estimates run side by side and never
//    wait behind a sweep); the slow lane, at a lower CPU priority, runs loading, the full attack,
//    fine-tuning and the LVS grid; every lane shares one ModelStore (one copy of the weights);
//    the weights' hash after a load runs on a lane of its own (it only reads files);
//  - order: on the slow lane loading first, then the full attack, fine-tuning, and the LVS grid
//    (one job per hook point) last;
//  - latest wins per channel (ChannelKey): a new request cancels the one in flight there and
//    drops the queued ones; events of a superseded request are not delivered.
// Every public function may be called from any thread; events arrive on worker threads.
// Destruction cancels everything and joins every worker before any member goes away.
#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/Requests.h"

namespace auditgap::core {

class Engine;
class JobContext;
class ModelStore;

class Dispatcher {
public:
    static constexpr int kSlots = 3;
    explicit Dispatcher(EngineEvents events);
    const ModelStore& models() const { return *m_store; } // the lanes' shared store
    ~Dispatcher();
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    // Each returns the request's id (0 when shutting down). The grid is one job per hook point,
    // each on its own channel (Channel::Grid, slot, ordinal): their ids, in the request's order.
    uint64_t submit(const LoadRequest& request);
    uint64_t submit(const GradientsRequest& request);
    uint64_t submit(const EstimateRequest& request);
    uint64_t submit(const AuditRequest& request);
    std::vector<uint64_t> submit(const GridRequest& request);
    uint64_t submit(const FineTuneJobRequest& request);
    // The research jobs, on the slow lane beside fine-tuning (one of each kind at a time).
    uint64_t submit(const DissociateRequest& request);
    uint64_t submit(const JudgeRequest& request);
    uint64_t submit(const ProbeRequest& request);
    uint64_t submit(const PatchRequest& request);

    // The queued LVS grid job of `hook` (ordinal) runs next among the grid's jobs (the user just
    // moved its slider); the running one is never interrupted. False when it is not queued.
    bool promoteGrid(int slot, int hook);
    void cancel(const ChannelKey& channel);
    void cancelSlot(int slot);     // every channel of the slot
    void cancel(Channel channel);  // that kind of work on every slot
    void cancelAll();
    // Whether `id` is still the newest request of `channel` (not superseded or cancelled).
    bool current(const ChannelKey& channel, uint64_t id) const;
    // Blocks until no lane has work (not from an event callback).
    void waitIdle();

private:
    Engine& laneOf(const ChannelKey& channel);
    // Numbers the request, records it as the newest of its channel, then queues it: a job can
    // never finish before it is current.
    uint64_t enqueue(const ChannelKey& channel, int priority, std::function<void(JobContext&)> job);
    uint64_t submitHash(int slot, const std::string& path); // after a load, when no hash was cached
    void forget(const ChannelKey& channel); // latest = 0: anything in flight there is stale
    void cancelWhere(const std::function<bool(const ChannelKey&)>& which);
    struct SlotModel {
        std::string device, dtype;
    };
    SlotModel slotModel(int slot) const;
    AuditSettings onSlotModel(AuditSettings settings, int slot) const;

    EngineEvents m_events;
    std::shared_ptr<ModelStore> m_store;
    mutable std::mutex m_mutex;
    std::map<ChannelKey, uint64_t> m_latest;
    std::array<SlotModel, kSlots> m_slots;
    std::atomic<uint64_t> m_nextId{1};
    std::array<std::unique_ptr<Engine>, kSlots> m_fast;
    std::unique_ptr<Engine> m_refine; // the full attack at the sliders (interactive)
    std::unique_ptr<Engine> m_hash;   // the weights' SHA-256 after a load (reads files; background)
    std::unique_ptr<Engine> m_slow; // last: its worker starts after everything above exists
};

} // namespace auditgap::core
