#pragma once
// One engine worker: a thread that owns libtorch work and runs a job queue (DESIGN §2). The
// Dispatcher (engine/Dispatcher.h) turns typed requests into its jobs; front ends talk to the
// Dispatcher, never to a worker's queue. This header is torch-free.
//  - Every request gets an increasing id. Jobs on the same channel are latest-wins: submitting
//    cancels the job in flight on that channel and drops the ones still queued there.
//  - Cancellation tokens are std::atomic<bool>, safe to set from any thread.
//  - Progress reports give done/total and an ETA; audit cells stream back as immutable values
//    (shared_ptr<const ...>) while the job runs; the final result arrives once, only when the
//    job finished (a cancelled job delivers no result and leaves no partial state).
//  - Loaded models and clean activations are cached across jobs (per model, per prompt).
//  - Destruction (or shutdown()) cancels the running job, drops the queue and joins the worker.
// Callbacks run on the worker thread; they must be quick and must not call back into the
// engine's blocking functions (waitIdle, shutdown).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/Requests.h"
#include "io/AuditResults.h"

namespace auditgap::core {

class ActivationCache;
class ModelStore;

// What a running job sees. Worker thread only.
class JobContext {
public:
    uint64_t requestId() const { return m_id; }
    const std::atomic<bool>* cancelFlag() const { return m_cancel.get(); }
    bool cancelled() const { return m_cancel->load(); }
    // Throws Cancelled when the job was cancelled.
    void checkCancelled() const;
    void progress(int64_t done, int64_t total);
    ModelStore& models();
    ActivationCache& activations();

private:
    friend class Engine;
    uint64_t m_id = 0;
    ChannelKey m_channel;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    class Engine* m_engine = nullptr;
    double m_start = 0.0;
};

struct EngineOptions {
    // The worker (and the BLAS/OpenMP threads it starts) runs at a lower CPU priority, so a
    // foreground engine's short jobs (live estimates) are not slowed by it.
    bool background = false;
    // OpenMP threads for this worker's libtorch work; 0 = the process default. Live estimates
    // on a tiny model run faster on one thread each, one worker per model.
    int threads = 0;
};

class Engine {
public:
    struct Callbacks {
        std::function<void(const JobProgress&)> onProgress;
        std::function<void(const JobOutcome&)> onFinished;
        std::function<void(uint64_t requestId, std::shared_ptr<const std::vector<AuditCell>>)> onCells;
        std::function<void(uint64_t requestId, std::shared_ptr<const AuditResults>)> onAuditResult;
        std::function<void(uint64_t requestId, const std::string&)> onWarning;
    };

    // `models`: a store shared with other engines (the GUI runs fast lanes for live estimates
    // beside the slow lane for sweeps, on one copy of the weights); null = a private store.
    explicit Engine(Callbacks callbacks = {}, std::shared_ptr<ModelStore> models = {}, EngineOptions options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Any thread. Returns the request id: `id` when given (a Dispatcher numbers the requests of
    // all its lanes), else the next of this worker. Queued jobs run by `priority` (higher
    // first), in submission order within one priority.
    uint64_t submit(const ChannelKey& channel, std::function<void(JobContext&)> job, int priority = 0,
                    uint64_t id = 0);
    uint64_t submitAudit(const ChannelKey& channel, AuditSettings settings);
    void cancel(const ChannelKey& channel);
    // Moves the queued job of `channel` up to `priority` (behind the jobs already queued at that
    // priority or above), keeping its id. False when none is queued there or it is already as
    // high; a running job is never touched.
    bool promote(const ChannelKey& channel, int priority);
    void cancelAll();
    // Blocks until the queue is empty and no job runs (not from a callback).
    void waitIdle();
    // Cancels everything and joins the worker; later submits are refused (return 0).
    void shutdown();
    int64_t jobsRun() const { return m_jobsRun.load(); }

private:
    struct Job {
        uint64_t id = 0;
        ChannelKey channel;
        std::function<void(JobContext&)> fn;
        std::shared_ptr<std::atomic<bool>> cancel;
        int priority = 0;
    };
    friend class JobContext;
    void run();
    void report(const JobOutcome& o);
    // Sets the running job's token and removes the queued ones of `channel`; m_mutex held.
    std::vector<JobOutcome> cancelChannelLocked(const ChannelKey& channel);

    Callbacks m_cb;
    std::mutex m_mutex;
    std::condition_variable m_wake, m_idle;
    std::deque<Job> m_queue;
    std::vector<Job> m_running; // at most one; kept as a list for cancel()
    bool m_stop = false;
    EngineOptions m_options;
    uint64_t m_nextId = 1;
    std::atomic<int64_t> m_jobsRun{0};
    std::shared_ptr<ModelStore> m_models;
    std::unique_ptr<ActivationCache> m_activations;
    std::thread m_worker; // last: starts after everything above exists
};

} // namespace auditgap::core
