// The engine: latest-wins under 200 rapid requests, cancellation mid-job (a real audit),
// shutdown while a job runs, channels independent, progress with ETA, failures as messages.
#include <QtTest/QtTest>

#include <chrono>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include <torch/torch.h>

#include "Error.h"
#include "TestSupport.h"
#include "engine/Engine.h"
#include "model/Transformer.h"
#include "platform/Preemption.h"

using namespace auditgap::core;
namespace fs = std::filesystem;

namespace {

// Outcomes collected from the worker thread.
struct Log {
    std::mutex mutex;
    std::vector<JobOutcome> outcomes;
    std::vector<JobProgress> progress;
    std::vector<uint64_t> results;
    size_t cells = 0;
    void add(const JobOutcome& o) {
        std::lock_guard<std::mutex> l(mutex);
        outcomes.push_back(o);
    }
    size_t count() {
        std::lock_guard<std::mutex> l(mutex);
        return outcomes.size();
    }
};

Engine::Callbacks callbacks(Log& log) {
    Engine::Callbacks cb;
    cb.onFinished = [&log](const JobOutcome& o) { log.add(o); };
    cb.onProgress = [&log](const JobProgress& p) {
        std::lock_guard<std::mutex> l(log.mutex);
        log.progress.push_back(p);
    };
    cb.onAuditResult = [&log](uint64_t id, std::shared_ptr<const AuditResults>) {
        std::lock_guard<std::mutex> l(log.mutex);
        log.results.push_back(id);
    };
    cb.onCells = [&log](uint64_t, std::shared_ptr<const std::vector<AuditCell>> c) {
        std::lock_guard<std::mutex> l(log.mutex);
        log.cells += c->size();
    };
    return cb;
}

// While a live job runs, `waitIn(cancel)` runs on a background thread: it must be seen waiting
// (the wait counter), and setting `cancel` must end the wait. The thread is joined either way.
void expectCancelEndsWait(const std::function<void(const std::atomic<bool>&)>& waitIn) {
    const TierScope live(Tier::Live);
    std::atomic<bool> cancel{false}, returned{false};
    const uint64_t waits = backgroundWaits();
    std::thread t([&] {
        waitIn(cancel);
        returned = true;
    });
    const bool waited = QTest::qWaitFor([&] { return backgroundWaits() > waits; }, 10000);
    const bool returnedEarly = returned.load();
    cancel = true;
    t.join();
    QVERIFY(waited);
    QVERIFY(!returnedEarly);
    QVERIFY(returned.load());
}

// A job of limit / 200 µs steps (a 200 µs sleep each) that stops when cancelled, reporting
// progress. It counts steps; it never reads a clock.
std::function<void(JobContext&)> busy(std::chrono::milliseconds limit, std::atomic<int>* started = nullptr) {
    return [limit, started](JobContext& ctx) {
        if (started) ++*started;
        const int64_t steps = std::chrono::microseconds(limit).count() / 200;
        for (int64_t step = 1; step <= steps; ++step) {
            ctx.checkCancelled();
            ctx.progress(step, 1000000);
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
    };
}

} // namespace

class TestEngine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void backgroundWorkYieldsToInteractiveWork() {
        // A grid layer's thread stops at its next step boundary while a live estimate or the
        // full attack runs, and continues when they end; the full attack waits for a live
        // estimate; a live estimate never waits. No timing: a thread is seen inside its wait
        // (the wait counter), then released.
        auto stepper = [](Tier tier, std::atomic<int>& steps, std::atomic<bool>& stop) {
            return std::thread([tier, &steps, &stop] {
                const TierScope scope(tier);
                while (!stop.load()) {
                    yieldToInteractive(nullptr);
                    ++steps;
                }
            });
        };
        std::atomic<int> gridSteps{0}, refineSteps{0};
        std::atomic<bool> stop{false};
        std::optional<TierScope> live;
        live.emplace(Tier::Live);
        QCOMPARE(runningJobs(Tier::Live), 1);
        uint64_t waits = backgroundWaits();
        std::thread grid = stepper(Tier::Background, gridSteps, stop);
        QTRY_VERIFY_WITH_TIMEOUT(backgroundWaits() >= waits + 1, 10000);
        std::thread refine = stepper(Tier::Refine, refineSteps, stop);
        QTRY_VERIFY_WITH_TIMEOUT(backgroundWaits() >= waits + 2, 10000); // both are waiting
        const int gridHeld = gridSteps.load(), refineHeld = refineSteps.load();
        QVERIFY(gridHeld <= 1 && refineHeld <= 1);
        // The live job itself passes its step boundaries.
        yieldToInteractive(nullptr);
        live.reset(); // the live estimate ends: the full attack runs, the grid still waits
        QTRY_VERIFY_WITH_TIMEOUT(refineSteps.load() > refineHeld + 100, 10000);
        QCOMPARE(gridSteps.load(), gridHeld);
        stop = true; // the full attack ends: the grid continues
        refine.join();
        QTRY_VERIFY_WITH_TIMEOUT(gridSteps.load() > gridHeld, 10000);
        grid.join();
        QCOMPARE(runningJobs(Tier::Refine), 0);
        // A cancel ends a wait.
        expectCancelEndsWait([](const std::atomic<bool>& cancel) {
            const TierScope background(Tier::Background);
            yieldToInteractive(&cancel);
        });
        QCOMPARE(runningJobs(Tier::Live), 0);
    }

    // Inside one forward and backward pass, a background thread waits at a block boundary while
    // a live job runs (a PGD step of a real model's grid batch takes tens of seconds on a CPU),
    // in the forward and, through the hook on each block's output, in the backward; the results
    // are those of the same pass run with no scope. The TierScope's cancel flag ends a wait.
    void blocksArePreemptionBoundaries() {
        const nlohmann::json j = {{"model_type", "llama"}, {"architectures", {"LlamaForCausalLM"}},
                                  {"vocab_size", 97}, {"hidden_size", 32}, {"intermediate_size", 48},
                                  {"num_hidden_layers", 3}, {"num_attention_heads", 4}, {"num_key_value_heads", 2},
                                  {"rms_norm_eps", 1e-5}, {"rope_theta", 10000.0}};
        auto model = Transformer::random(ModelConfig::fromJson(j, "test config"), {c10::Device(c10::kCPU), at::kFloat}, 5);
        const at::Tensor ids = torch::randint(0, 97, {2, 7}, torch::kLong);
        const at::Tensor start = torch::randn({2, 7, 32});
        auto pass = [&](at::Tensor& logits, at::Tensor& grad, const std::function<void()>& between) {
            ForwardOptions fo;
            fo.startHidden = start.clone().requires_grad_(true);
            fo.startLayer = 0; // block 0's output: blocks 1 and 2 run
            logits = model->forward({ids, {}, {}}, fo).logits;
            between();
            logits.sum().backward();
            grad = fo.startHidden.grad();
        };
        at::Tensor refLogits, refGrad;
        pass(refLogits, refGrad, [] {});

        std::atomic<int> phase{0}; // 1: forward done, 2: backward may start, 3: finished
        at::Tensor logits, grad;
        std::optional<TierScope> live;
        live.emplace(Tier::Live);
        uint64_t waits = backgroundWaits();
        std::thread worker([&] {
            const TierScope background(Tier::Background);
            pass(logits, grad, [&] {
                phase = 1;
                while (phase.load() < 2)
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
            });
            phase = 3;
        });
        QTRY_VERIFY_WITH_TIMEOUT(backgroundWaits() > waits, 10000); // waiting inside the forward
        QCOMPARE(phase.load(), 0);
        live.reset();
        QTRY_COMPARE_WITH_TIMEOUT(phase.load(), 1, 10000);
        live.emplace(Tier::Live);
        waits = backgroundWaits();
        phase = 2;
        QTRY_VERIFY_WITH_TIMEOUT(backgroundWaits() > waits, 10000); // waiting inside the backward
        QCOMPARE(phase.load(), 2);
        live.reset();
        worker.join();
        QCOMPARE(phase.load(), 3);
        QVERIFY(torch::equal(logits, refLogits));
        QVERIFY(torch::equal(grad, refGrad));

        expectCancelEndsWait([](const std::atomic<bool>& cancel) {
            const TierScope background(Tier::Background, &cancel);
            yieldToInteractive(); // a boundary without a flag of its own: the scope's
        });
    }

    void latestWinsUnderRapidRequests() {
        Log log;
        {
            Engine engine(callbacks(log));
            uint64_t last = 0;
            for (int i = 0; i < 200; ++i) last = engine.submit(ChannelKey{Channel::Grid, 0}, busy(std::chrono::milliseconds(50)));
            engine.waitIdle();
            QCOMPARE(log.count(), size_t(200));
            int finished = 0;
            for (const auto& o : log.outcomes) {
                if (o.status == JobStatus::Finished) {
                    ++finished;
                    QCOMPARE(o.requestId, last);
                } else {
                    QCOMPARE(o.status, JobStatus::Cancelled);
                }
            }
            QCOMPARE(finished, 1);
            QVERIFY(engine.jobsRun() < 200); // most were dropped before they started
        }
    }

    void channelsAreIndependent() {
        Log log;
        Engine engine(callbacks(log));
        const uint64_t a = engine.submit(ChannelKey{Channel::Grid, 0}, busy(std::chrono::milliseconds(30)));
        const uint64_t b = engine.submit(ChannelKey{Channel::Grid, 1}, busy(std::chrono::milliseconds(30)));
        QVERIFY(b > a);
        engine.waitIdle();
        QCOMPARE(log.count(), size_t(2));
        for (const auto& o : log.outcomes) QCOMPARE(o.status, JobStatus::Finished);
        // Progress carries an ETA once something is done.
        bool eta = false;
        for (const auto& p : log.progress) eta = eta || (p.done > 0 && p.etaSeconds >= 0 && p.total == 1000000);
        QVERIFY(eta);
    }

    void failuresAreMessages() {
        Log log;
        Engine engine(callbacks(log));
        engine.submit(ChannelKey{Channel::Audit, 0}, [](JobContext&) { throw Error("model.safetensors: header: truncated"); });
        AuditSettings bad;
        bad.models = {{"m", "/nonexistent/model"}};
        bad.prompts = "/nonexistent/prompts.jsonl";
        engine.submitAudit(ChannelKey{Channel::Audit, 1}, bad);
        engine.waitIdle();
        QCOMPARE(log.count(), size_t(2));
        QCOMPARE(log.outcomes[0].status, JobStatus::Failed);
        QCOMPARE(log.outcomes[0].error, std::string("model.safetensors: header: truncated"));
        QCOMPARE(log.outcomes[1].status, JobStatus::Failed);
        QVERIFY2(log.outcomes[1].error.find("prompts.jsonl") != std::string::npos, log.outcomes[1].error.c_str());
    }

    // A real audit cancelled after its first cells: no result is delivered.
    void cancelMidAudit() {
        auditgap::test::TempDir tmp;
        std::ofstream(tmp.path() / "p.txt") << "one little cat\ntwo little dogs\nthree birds\nfour fish\n";
        AuditSettings s;
        s.models = {{"stories", (auditgap::test::fixtures() / "models" / "stories260K").string()}};
        s.prompts = (tmp.path() / "p.txt").string();
        s.layers = "all";
        s.budgets = {0.01, 0.1};
        s.maxNewTokens = 4;
        s.batchSize = 1;
        Log log;
        Engine::Callbacks cb = callbacks(log);
        Engine* self = nullptr;
        cb.onCells = [&](uint64_t, std::shared_ptr<const std::vector<AuditCell>> c) {
            std::lock_guard<std::mutex> l(log.mutex);
            log.cells += c->size();
            if (self) self->cancel(ChannelKey{Channel::Audit, 2}); // from the worker thread, as a GUI thread could
        };
        Engine engine(cb);
        self = &engine;
        engine.submitAudit(ChannelKey{Channel::Audit, 2}, s);
        engine.waitIdle();
        QCOMPARE(log.count(), size_t(1));
        QCOMPARE(log.outcomes[0].status, JobStatus::Cancelled);
        QVERIFY(log.results.empty());
        QVERIFY(log.cells > 0 && log.cells < 4 * 6 * 2);
        // The same request uncancelled completes and delivers its result once.
        self = nullptr;
        const uint64_t id = engine.submitAudit(ChannelKey{Channel::Audit, 2}, s);
        engine.waitIdle();
        QCOMPARE(log.outcomes.back().status, JobStatus::Finished);
        QCOMPARE(log.results, std::vector<uint64_t>{id});
    }

    void shutdownDuringAJob() {
        Log log;
        std::atomic<int> started{0}, queuedStarted{0};
        auto engine = std::make_unique<Engine>(callbacks(log));
        engine->submit(ChannelKey{Channel::Refine, 0}, busy(std::chrono::seconds(60), &started));
        engine->submit(ChannelKey{Channel::Refine, 1}, busy(std::chrono::seconds(60), &queuedStarted));
        QTRY_VERIFY_WITH_TIMEOUT(started.load() == 1, 5000);
        engine.reset(); // cancels, drops the queue, joins
        // The queued job was dropped, never run (a 60 s job ran to its end would also end the
        // wait, so what is checked is who ran, not how long it took).
        QCOMPARE(queuedStarted.load(), 0);
        QCOMPARE(log.count(), size_t(2));
        for (const auto& o : log.outcomes) QCOMPARE(o.status, JobStatus::Cancelled);
        // Submitting after shutdown is refused.
        Engine e2;
        e2.shutdown();
        QCOMPARE(e2.submit(ChannelKey{Channel::Audit, 0}, busy(std::chrono::milliseconds(1))), uint64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
