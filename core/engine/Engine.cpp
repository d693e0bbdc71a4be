#include "engine/Engine.h"

#include <algorithm>
#include <chrono>

#include <dlfcn.h>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "Error.h"
#include "engine/ActivationCache.h"
#include "engine/AuditRunner.h"
#include "engine/ModelStore.h"

namespace auditgap::core {

namespace {
double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
} // namespace

const char* jobStatusName(JobStatus s) {
    switch (s) {
    case JobStatus::Finished:
        return "finished";
    case JobStatus::Cancelled:
        return "cancelled";
    case JobStatus::Failed:
        return "failed";
    }
    return "?";
}

void JobContext::checkCancelled() const {
    if (cancelled())
        throw Cancelled();
}

void JobContext::progress(int64_t done, int64_t total) {
    if (!m_engine->m_cb.onProgress)
        return;
    JobProgress p;
    p.requestId = m_id;
    p.channel = m_channel;
    p.done = done;
    p.total = total;
    p.elapsedSeconds = now() - m_start;
    if (done > 0 && total >= done)
        p.etaSeconds =
            p.elapsedSeconds * static_cast<double>(total - done) / static_cast<double>(done);
    m_engine->m_cb.onProgress(p);
}

ModelStore& JobContext::models() {
    return *m_engine->m_models;
}
ActivationCache& JobContext::activations() {
    return *m_engine->m_activations;
}

Engine::Engine(Callbacks callbacks, std::shared_ptr<ModelStore> models, EngineOptions options)
    : m_cb(std::move(callbacks)), m_options(options),
      m_models(models ? std::move(models) : std::make_shared<ModelStore>()),
      m_activations(std::make_unique<ActivationCache>()), m_worker([this] { run(); }) {}

Engine::~Engine() {
    shutdown();
}

std::vector<JobOutcome> Engine::cancelChannelLocked(const ChannelKey& channel) {
    std::vector<JobOutcome> dropped;
    for (auto& r : m_running)
        if (r.channel == channel)
            r.cancel->store(true);
    for (auto it = m_queue.begin(); it != m_queue.end();) {
        if (it->channel == channel) {
            dropped.push_back({it->id, it->channel, JobStatus::Cancelled, {}});
            it = m_queue.erase(it);
        } else {
            ++it;
        }
    }
    return dropped;
}

void Engine::report(const JobOutcome& o) {
    if (m_cb.onFinished)
        m_cb.onFinished(o);
}

uint64_t Engine::submit(const ChannelKey& channel, std::function<void(JobContext&)> job, int priority,
                        uint64_t id) {
    std::vector<JobOutcome> dropped;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_stop)
            return 0;
        if (id == 0)
            id = m_nextId++;
        dropped = cancelChannelLocked(channel);
        auto at = std::find_if(m_queue.begin(), m_queue.end(),
                               [priority](const Job& q) { return q.priority < priority; });
        m_queue.insert(at, {id, channel, std::move(job), std::make_shared<std::atomic<bool>>(false),
                            priority});
    }
    m_wake.notify_one();
    for (const auto& o : dropped)
        report(o);
    return id;
}

uint64_t Engine::submitAudit(const ChannelKey& channel, AuditSettings settings) {
    return submit(channel, [this, settings = std::move(settings)](JobContext& ctx) {
        AuditCallbacks cb;
        cb.cancel = ctx.cancelFlag();
        const uint64_t id = ctx.requestId();
        cb.onProgress = [&ctx](int64_t done, int64_t total) { ctx.progress(done, total); };
        if (m_cb.onCells)
            cb.onCells = [this, id](const std::vector<AuditCell>& cells) {
                m_cb.onCells(id, std::make_shared<const std::vector<AuditCell>>(cells));
            };
        if (m_cb.onWarning)
            cb.onWarning = [this, id](const std::string& w) { m_cb.onWarning(id, w); };
        auto result = std::make_shared<const AuditResults>(
            runAudit(settings, cb, &ctx.models(), &ctx.activations()));
        ctx.checkCancelled();
        if (m_cb.onAuditResult)
            m_cb.onAuditResult(id, result);
    });
}

void Engine::cancel(const ChannelKey& channel) {
    std::vector<JobOutcome> dropped;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        dropped = cancelChannelLocked(channel);
    }
    for (const auto& o : dropped)
        report(o);
    m_idle.notify_all();
}

bool Engine::promote(const ChannelKey& channel, int priority) {
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto it = std::find_if(m_queue.begin(), m_queue.end(), [&](const Job& q) { return q.channel == channel; });
    if (it == m_queue.end() || it->priority >= priority)
        return false;
    Job job = std::move(*it);
    m_queue.erase(it);
    job.priority = priority;
    const auto at = std::find_if(m_queue.begin(), m_queue.end(), [priority](const Job& q) { return q.priority < priority; });
    m_queue.insert(at, std::move(job));
    return true;
}

void Engine::cancelAll() {
    std::vector<JobOutcome> dropped;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (auto& r : m_running)
            r.cancel->store(true);
        for (const auto& j : m_queue)
            dropped.push_back({j.id, j.channel, JobStatus::Cancelled, {}});
        m_queue.clear();
    }
    for (const auto& o : dropped)
        report(o);
    m_idle.notify_all();
}

void Engine::waitIdle() {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_idle.wait(lock, [this] { return m_stop || (m_queue.empty() && m_running.empty()); });
}

void Engine::shutdown() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_stop && !m_worker.joinable())
            return;
        m_stop = true;
    }
    cancelAll();
    m_wake.notify_all();
    if (m_worker.joinable() && m_worker.get_id() != std::this_thread::get_id())
        m_worker.join();
    m_idle.notify_all();
}

void Engine::run() {
#ifdef __linux__
    // Linux nice values are per thread and inherited by the threads this one creates (its
    // OpenMP team), so lowering it here lowers the whole background computation.
    if (m_options.background)
        setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
#endif
    // OpenMP's thread count is a per-thread setting (libtorch and the OpenMP OpenBLAS read it
    // with omp_get_max_threads()); looked up at run time, as libtorch brings libgomp along.
    if (m_options.threads > 0)
        if (auto* set = reinterpret_cast<void (*)(int)>(dlsym(RTLD_DEFAULT, "omp_set_num_threads")))
            set(m_options.threads);
    for (;;) {
        Job job;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_queue.empty(); });
            if (m_stop) {
                m_running.clear();
                break;
            }
            job = std::move(m_queue.front());
            m_queue.pop_front();
            m_running.push_back({job.id, job.channel, {}, job.cancel});
        }
        JobContext ctx;
        ctx.m_id = job.id;
        ctx.m_channel = job.channel;
        ctx.m_cancel = job.cancel;
        ctx.m_engine = this;
        ctx.m_start = now();
        JobOutcome outcome{job.id, job.channel, JobStatus::Finished, {}};
        try {
            if (job.cancel->load())
                throw Cancelled();
            job.fn(ctx);
            if (job.cancel->load())
                outcome.status = JobStatus::Cancelled;
        } catch (const Cancelled&) {
            outcome.status = JobStatus::Cancelled;
        } catch (const std::exception& e) {
            outcome.status = job.cancel->load() ? JobStatus::Cancelled : JobStatus::Failed;
            outcome.error = e.what();
        } catch (...) {
            outcome.status = JobStatus::Failed;
            outcome.error = "unknown error";
        }
        job.fn = nullptr; // release captured state before reporting
        ++m_jobsRun;
        report(outcome);
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_running.clear();
        }
        m_idle.notify_all();
    }
    m_idle.notify_all();
}

} // namespace auditgap::core
