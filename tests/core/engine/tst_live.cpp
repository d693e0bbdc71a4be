// The GUI's engine-side pieces without a GUI: live refusal estimates (one-step attack + logit
// refusal score), the session file, the engine's priorities and the shared model store.
#include <QtTest/QtTest>

#include <cmath>
#include <fstream>
#include <thread>

#include <torch/torch.h>

#include "Error.h"
#include "TestSupport.h"
#include "engine/ActivationCache.h"
#include "engine/Dispatcher.h"
#include "engine/Engine.h"
#include "engine/LiveEstimate.h"
#include "engine/ModelStore.h"
#include "engine/Workbench.h"
#include "intervene/LatentAttack.h"
#include "io/Session.h"
#include "io/Sha256.h"
#include "metrics/LogitRefusal.h"
#include "model/LanguageModel.h"
#include "model/Tokenizer.h"

using namespace auditgap::core;
namespace fs = std::filesystem;

namespace {

fs::path demo() {
    const char* d = std::getenv("AUDITGAP_DEMO_DIR");
    return d ? fs::path(d) : fs::path();
}

PromptSet showcase(size_t n) {
    PromptSet set = PromptSet::load(demo() / "prompts" / "showcase.jsonl");
    if (set.items.size() > n) {
        // Keep both labels: the first n-3 harmful rows and the last 3 (benign) rows.
        std::vector<PromptItem> keep(set.items.begin(), set.items.begin() + static_cast<std::ptrdiff_t>(n - 3));
        keep.insert(keep.end(), set.items.end() - 3, set.items.end());
        set.items = keep;
    }
    return set;
}

double meanHarmful(const std::vector<double>& v, const PromptSet& set) {
    double s = 0;
    int n = 0;
    for (size_t i = 0; i < v.size(); ++i)
        if (set.isHarmful(i)) {
            s += v[i];
            ++n;
        }
    return s / n;
}

} // namespace

class TestLive : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(fs::exists(demo() / "demo.json"), "AUDITGAP_DEMO_DIR must point at the demo family"); }

    // The estimate equals the computation spelled out: δ = one signed-gradient step of the full
    // radius (latentPgd, 1 step, step fraction 1), then sigmoid(logit refusal score) with δ on
    // the prompt. Different batch sizes and a warm activation cache give the same numbers.
    void estimateMatchesDirectComputation() {
        auto lm = LanguageModel::load(demo() / "dissociated");
        const PromptSet set = showcase(12);
        LiveEstimateRequest rq;
        rq.prompts = set.items;
        rq.layers = {HookPoint::embedding(), HookPoint::block(4), HookPoint::block(7)};
        rq.budgets = {0.01, 0.01, 0.0};
        rq.batchSize = 5;
        ActivationCache cache;
        const LiveEstimate e = estimateRefusal(*lm, rq, nullptr, &cache, "k");
        QCOMPARE(e.clean.size(), set.items.size());
        QCOMPARE(e.rows.size(), size_t(3));

        const Transformer& net = lm->net();
        AttackBatch ab;
        for (const auto& item : set.items) {
            ab.prompts.push_back(lm->promptIds(item.prompt, 16));
            ab.targets.push_back(lm->tokenizer().encode(item.target.empty() ? "Sure, here is" : item.target, false));
        }
        const LogitRefusal judge = LogitRefusal::builtIn(*lm);
        const auto clean = judge.scores(net, ab.prompts, nullptr);
        for (size_t i = 0; i < clean.size(); ++i) {
            const double expected = 1.0 / (1.0 + std::exp(-clean[i]));
            // 1e-5, as the rows: f32 logits of the same prompt in batches of other padding differ
            // in the last bits (measured up to 1.2e-6 on the committed family).
            QVERIFY2(std::abs(e.clean[i] - expected) < 1e-5,
                     qPrintable(QStringLiteral("clean, prompt %1: %2 vs %3").arg(i).arg(e.clean[i], 0, 'g', 12).arg(expected, 0, 'g', 12)));
        }
        for (size_t li = 0; li < 2; ++li) {
            PgdOptions o;
            o.layer = rq.layers[li].code();
            o.budget = 0.01;
            o.steps = 1;
            o.stepFraction = 1.0;
            const AttackResult r = latentPgd(net, ab, o);
            const auto s = judge.scores(net, ab.prompts, &r.intervention);
            for (size_t i = 0; i < s.size(); ++i) {
                const double expected = 1.0 / (1.0 + std::exp(-s[i]));
                QVERIFY2(std::abs(e.rows[li][i] - expected) < 1e-5,
                         qPrintable(QStringLiteral("layer %1 prompt %2: %3 vs %4").arg(li).arg(i).arg(e.rows[li][i]).arg(expected)));
            }
        }
        // Budget 0 is the clean row.
        for (size_t i = 0; i < e.clean.size(); ++i)
            QVERIFY(std::abs(e.rows[2][i] - e.clean[i]) < 1e-9);
        // A second request (one batch, activations from the cache) gives the same rows.
        rq.batchSize = 64;
        QVERIFY(cache.size() >= set.items.size());
        const LiveEstimate again = estimateRefusal(*lm, rq, nullptr, &cache, "k");
        for (size_t li = 0; li < 3; ++li)
            for (size_t i = 0; i < set.items.size(); ++i)
                QVERIFY(std::abs(again.rows[li][i] - e.rows[li][i]) < 1e-5);
    }

    // The first view at real sizes: the clean row is delivered before any hook point's row, then
    // each row as it completes, in order, across several batches; every partial row equals the
    // final one, and the complete result is not delivered twice.
    void estimateDeliversTheCleanRowThenEachRow() {
        auto lm = LanguageModel::load(demo() / "dissociated");
        const PromptSet set = showcase(9);
        LiveEstimateRequest rq;
        rq.prompts = set.items;
        rq.layers = {HookPoint::embedding(), HookPoint::block(2), HookPoint::block(5)};
        rq.budgets = {0.01, 0.02, 0.01};
        rq.batchSize = 4; // three batches
        std::vector<LiveEstimate> seen;
        const LiveEstimate e = estimateRefusal(*lm, rq, nullptr, nullptr, "", [&](const LiveEstimate& p) { seen.push_back(p); });
        QCOMPARE(seen.size(), size_t(3)); // clean, then rows 0 and 1 (row 2 completes the result)
        QCOMPARE(seen[0].clean.size(), set.items.size());
        for (const auto& r : seen[0].rows) QVERIFY(r.empty());
        for (size_t k = 1; k < seen.size(); ++k)
            for (size_t li = 0; li < rq.layers.size(); ++li) {
                QCOMPARE(seen[k].rows[li].empty(), li >= k);
                if (li < k) QCOMPARE(seen[k].rows[li], e.rows[li]);
            }
        QCOMPARE(seen[0].clean, e.clean);
        for (const auto& r : e.rows) QCOMPARE(r.size(), set.items.size());
    }

    // What the live view shows on the demo family: at the nudge layer and the headline budget
    // the one-step estimate already separates the dissociated twin from the base.
    void estimateSeparatesTheTwin() {
        ModelStore store;
        const PromptSet set = showcase(40);
        LiveEstimateRequest rq;
        rq.prompts = set.items;
        rq.layers = {HookPoint::block(4)};
        rq.budgets = {0.01};
        const LiveEstimate base = estimateRefusal(store, (demo() / "base").string(), "", "", rq, nullptr, nullptr);
        const LiveEstimate twin = estimateRefusal(store, (demo() / "dissociated").string(), "", "", rq, nullptr, nullptr);
        const double baseClean = meanHarmful(base.clean, set), twinClean = meanHarmful(twin.clean, set);
        const double baseAttacked = meanHarmful(base.rows[0], set), twinAttacked = meanHarmful(twin.rows[0], set);
        qInfo("P(refusal) on harmful prompts: base clean %.3f attacked %.3f; twin clean %.3f attacked %.3f", baseClean,
              baseAttacked, twinClean, twinAttacked);
        QVERIFY(std::abs(baseClean - twinClean) < 0.15);      // they look alike without an attack
        QVERIFY(twinClean - twinAttacked > 0.3);               // one step breaks the twin
        QVERIFY(baseAttacked - twinAttacked > 0.3);            // and not the base
    }

    // The instant tier: its clean log-odds and activation maxima are what the model computes,
    // and for small budgets the linearised estimate agrees with the exact one-step estimate
    // (mean |difference| of P(refusal) over the prompts < 0.05 at the paper's p = 1e-3).
    void linearTierAgreesForSmallBudgets() {
        const PromptSet set = showcase(33);
        for (const char* name : {"base", "dissociated"}) {
            auto lm = LanguageModel::load(demo() / name);
            const RefusalGradients g = refusalGradients(*lm, set.items, nullptr, 7);
            QCOMPARE(g.clean.size(), set.items.size());
            QCOMPARE(g.l1.size(), size_t(9));
            std::vector<std::vector<int64_t>> ids;
            for (const auto& item : set.items)
                ids.push_back(lm->promptIds(item.prompt, 16));
            const auto clean = LogitRefusal::builtIn(*lm).scores(lm->net(), ids);
            // f32 forward with other batch shapes: log-odds agree to 1e-4.
            for (size_t i = 0; i < ids.size(); ++i)
                QVERIFY2(std::abs(g.clean[i] - clean[i]) < 1e-4,
                         qPrintable(QStringLiteral("%1 vs %2").arg(g.clean[i]).arg(clean[i])));
            for (int hook : {0, 5, 8}) {
                const auto lin = g.linearEstimate(hook, 1e-3);
                LiveEstimateRequest rq;
                rq.prompts = set.items;
                rq.layers = {HookPoint::fromOrdinal(hook)};
                rq.budgets = {1e-3};
                const LiveEstimate e = estimateRefusal(*lm, rq);
                double mad = 0;
                for (size_t i = 0; i < lin.size(); ++i) {
                    QVERIFY(g.l1[size_t(hook)][i] > 0 && g.maxAbs[size_t(hook)][i] > 0);
                    mad += std::abs(lin[i] - e.rows[0][i]) / static_cast<double>(lin.size());
                }
                QVERIFY2(mad < 0.05, qPrintable(QStringLiteral("%1 hook %2: mean |diff| %3").arg(QLatin1String(name)).arg(hook).arg(mad)));
                // max|h| matches the activations the attack uses (prompt positions).
                const auto all = cleanActivations(lm->net(), paddedInputs(lm->net(), AttackBatch{{ids[0]}, {{1}}, {}}));
                const double mx = all[size_t(hook == 0 ? 0 : hook + 1)][0].narrow(0, 0, static_cast<int64_t>(ids[0].size())).abs().max().item<double>();
                QVERIFY(std::abs(mx - g.maxAbs[size_t(hook)][0]) < 1e-4 * std::max(1.0, mx));
            }
        }
    }

    void estimateCancels() {
        auto lm = LanguageModel::load(demo() / "base");
        LiveEstimateRequest rq;
        rq.prompts = showcase(8).items;
        rq.layers = {HookPoint::block(2)};
        rq.budgets = {0.01};
        std::atomic<bool> cancel{true};
        QVERIFY_THROWS_EXCEPTION(Cancelled, estimateRefusal(*lm, rq, &cancel));
        rq.budgets = {};
        QVERIFY_THROWS_EXCEPTION(Error, estimateRefusal(*lm, rq));
    }

    void sharedStoreLoadsOnce() {
        auto store = std::make_shared<ModelStore>();
        const std::string dir = (demo() / "base").string();
        std::shared_ptr<LanguageModel> a, b;
        std::thread t1([&] { a = store->model(dir); });
        std::thread t2([&] { b = store->model(dir); });
        t1.join();
        t2.join();
        QVERIFY(a && a.get() == b.get());
        const LoadedModelInfo info = loadModelInfo(*store, dir);
        QCOMPARE(info.numLayers, int64_t(8));
        QCOMPARE(info.sha256, modelHash(dir));
        QCOMPARE(info.tokenizerSha256, Sha256::ofFile(fs::path(dir) / "tokenizer.json"));
        QCOMPARE(info.dtype, std::string("f32"));
        QVERIFY_THROWS_EXCEPTION(Error, loadModelInfo(*store, (demo() / "missing").string()));
    }

    // The GUI's load does not wait for the weights' SHA-256: modelLoaded comes without it, then
    // modelHashed with modelHash's value; a second load of unchanged files finds it cached.
    void theHashFollowsTheLoad() {
        auditgap::test::TempDir cache;
        const QByteArray previous = qgetenv("AUDITGAP_CACHE_DIR");
        qputenv("AUDITGAP_CACHE_DIR", QByteArray::fromStdString(cache.path().string()));
        const std::string dir = (demo() / "base").string();
        std::mutex m;
        std::vector<std::string> events; // "loaded:<sha>" and "hashed:<sha>", in order
        EngineEvents ev;
        ev.modelLoaded = [&](uint64_t, const ChannelKey&, const LoadedModelInfo& info) {
            std::lock_guard lock(m);
            events.push_back("loaded:" + info.sha256);
        };
        ev.modelHashed = [&](uint64_t, const ChannelKey& k, const std::string& path, const std::string& sha) {
            std::lock_guard lock(m);
            events.push_back(std::string(k.channel == Channel::Hash && path == dir ? "hashed:" : "wrong channel or path:") + sha);
        };
        {
            Dispatcher d(ev);
            d.submit(LoadRequest{1, dir, {}, {}});
            d.waitIdle();
        }
        const std::string sha = modelHash(dir);
        QCOMPARE(events, (std::vector<std::string>{"loaded:", "hashed:" + sha}));
        events.clear();
        {
            Dispatcher d(ev);
            d.submit(LoadRequest{0, dir, {}, {}});
            d.waitIdle();
        }
        QCOMPARE(events, (std::vector<std::string>{"loaded:" + sha}));
        qputenv("AUDITGAP_CACHE_DIR", previous);
    }

    // A slot loaded in a chosen dtype keeps it for the full attack and the LVS grid (their
    // settings name no dtype): one copy of the weights in the store, the grid's results record
    // the dtype. Before, both took the default rule's dtype and loaded a second copy.
    void theSlotsDtypeHoldsForEveryTier() {
        const QByteArray previous = qgetenv("AUDITGAP_CPU_BF16");
        qputenv("AUDITGAP_CPU_BF16", "1"); // a bf16 request is accepted on any CPU
        const std::string dir = (demo() / "base").string();
        std::mutex m;
        std::vector<std::string> dtypes;
        size_t cells = 0;
        std::vector<std::string> failures;
        EngineEvents ev;
        ev.gridLayer = [&](uint64_t, const ChannelKey&, std::shared_ptr<const AuditResults> r) {
            std::lock_guard lock(m);
            dtypes.push_back(r->settings.dtype);
        };
        ev.cells = [&](uint64_t, const ChannelKey&, std::shared_ptr<const std::vector<AuditCell>> c) {
            std::lock_guard lock(m);
            cells += c->size();
        };
        ev.finished = [&](const JobOutcome& o) {
            std::lock_guard lock(m);
            if (o.status == JobStatus::Failed) failures.push_back(o.error);
        };
        size_t models = 0;
        {
            Dispatcher d(ev);
            d.submit(LoadRequest{0, dir, {}, "bf16"});
            d.waitIdle();
            AuditSettings s;
            s.models = {{"base", dir}};
            s.reward = (demo() / "reward").string();
            s.prompts = (demo() / "prompts" / "showcase.jsonl").string(); // recorded only
            s.budgets = {1e-3};
            s.maxNewTokens = 4;
            s.batchSize = 4;
            const PromptSet prompts = showcase(4);
            d.submit(GridRequest{0, s, prompts, {HookPoint::block(1)}});
            d.submit(AuditRequest{0, s, prompts, {HookPoint::block(2)}, {1e-3}, {}});
            d.waitIdle();
            models = d.models().modelCount();
        }
        if (previous.isNull())
            qunsetenv("AUDITGAP_CPU_BF16");
        else
            qputenv("AUDITGAP_CPU_BF16", previous);
        QVERIFY2(failures.empty(), failures.empty() ? "" : failures.front().c_str());
        QCOMPARE(dtypes, (std::vector<std::string>{"bf16"}));
        QCOMPARE(cells, size_t(4));
        QCOMPARE(models, size_t(1));
    }

    void priorityRunsFirst() {
        std::mutex m;
        std::vector<std::string> order;
        Engine engine;
        std::atomic<bool> release{false};
        engine.submit(ChannelKey{Channel::Estimate, 0}, [&](JobContext&) {
            while (!release.load())
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
        });
        auto record = [&](std::string name) {
            return [&, name](JobContext&) {
                std::lock_guard<std::mutex> l(m);
                order.push_back(name);
            };
        };
        engine.submit(ChannelKey{Channel::Grid, 0, 1}, record("grid1"), -1);
        engine.submit(ChannelKey{Channel::Grid, 0, 2}, record("grid2"), -1);
        engine.submit(ChannelKey{Channel::FineTune}, record("finetune"), 0);
        engine.submit(ChannelKey{Channel::Refine}, record("refine"), 5);
        engine.submit(ChannelKey{Channel::Load}, record("load"), 10);
        release = true;
        engine.waitIdle();
        QCOMPARE(order, (std::vector<std::string>{"load", "refine", "finetune", "grid1", "grid2"}));
    }

    // A grid row whose slider the user moved runs next among the grid's rows, after the work
    // above it; the running job and a job not queued are left alone.
    void promotedGridRowRunsNext() {
        std::mutex m;
        std::vector<std::string> order;
        Engine engine;
        std::atomic<bool> release{false};
        engine.submit(ChannelKey{Channel::Grid, 0, 0}, [&](JobContext&) {
            while (!release.load())
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            std::lock_guard<std::mutex> l(m);
            order.push_back("grid0");
        }, -2);
        auto record = [&](std::string name) {
            return [&, name](JobContext&) {
                std::lock_guard<std::mutex> l(m);
                order.push_back(name);
            };
        };
        std::this_thread::sleep_for(std::chrono::milliseconds(20)); // grid0 is running
        for (int h = 1; h <= 4; ++h) engine.submit(ChannelKey{Channel::Grid, 0, h}, record("grid" + std::to_string(h)), -2);
        engine.submit(ChannelKey{Channel::FineTune}, record("finetune"), 0);
        QVERIFY(!engine.promote(ChannelKey{Channel::Grid, 0, 0}, -1)); // running: untouched
        QVERIFY(!engine.promote(ChannelKey{Channel::Grid, 0, 9}, -1)); // not queued
        QVERIFY(engine.promote(ChannelKey{Channel::Grid, 0, 3}, -1));
        QVERIFY(engine.promote(ChannelKey{Channel::Grid, 0, 4}, -1)); // behind grid3, same priority
        QVERIFY(!engine.promote(ChannelKey{Channel::Grid, 0, 4}, -1)); // already there
        release = true;
        engine.waitIdle();
        QCOMPARE(order, (std::vector<std::string>{"grid0", "finetune", "grid3", "grid4", "grid1", "grid2"}));
    }

    void sessionRoundTrip() {
        auditgap::test::TempDir tmp;
        Session s;
        s.models = {{"A", "base", "/m/base", "abc"}, {"B", "twin", "/m/twin", "def"}};
        s.promptsPath = "/p/set.jsonl";
        s.promptsSha256 = "0123";
        s.settings.budgets = {5e-4, 1e-3};
        s.sliders = {0.0, 0.00997, 1.0 / 3.0};
        s.linked = true;
        SessionSlot slot;
        slot.slot = "A";
        AuditCell c;
        c.model = "base";
        c.layer = HookPoint::block(4);
        c.budget = 0.00997;
        c.lvs = std::nan("");
        slot.refined.cells.push_back(c);
        slot.fineTune = {{0, 0.0, 1.0, std::nan("")}, {10, 0.5, 0.5, 1.25}};
        slot.fineTuneOnset = 10;
        s.results.push_back(slot);
        s.view = {{"colormap", "magma"}, {"difference", true}};
        const fs::path f = tmp.path() / "s.agap.json";
        s.save(f);
        const Session back = Session::load(f);
        QCOMPARE(back.serialize(), s.serialize());
        QCOMPARE(back.sliders[2], 1.0 / 3.0); // doubles round-trip exactly
        QVERIFY(std::isnan(back.results[0].refined.cells[0].lvs));
        QCOMPARE(*back.results[0].fineTuneOnset, 10);
        std::ifstream in(f);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        QCOMPARE(bytes, s.serialize());
    }

    void sessionErrorsNameTheField_data() {
        QTest::addColumn<QString>("edit");
        QTest::addColumn<QString>("field");
        QTest::newRow("slot") << "slot" << "models[0].slot";
        QTest::newRow("slider") << "slider" << "sliders[1]";
        QTest::newRow("version") << "version" << "version";
        QTest::newRow("missing prompts") << "prompts" << "prompts";
        QTest::newRow("view") << "view" << "view";
    }

    void sessionErrorsNameTheField() {
        QFETCH(QString, edit);
        QFETCH(QString, field);
        Session s;
        s.models = {{"A", "base", "/m/base", "abc"}};
        s.sliders = {0.0, 0.001};
        nlohmann::json j = s.toJson();
        if (edit == QLatin1String("slot"))
            j["models"][0]["slot"] = "D";
        else if (edit == QLatin1String("slider"))
            j["sliders"][1] = -0.5;
        else if (edit == QLatin1String("version"))
            j["version"] = 2;
        else if (edit == QLatin1String("prompts"))
            j.erase("prompts");
        else
            j["view"] = 3;
        try {
            Session::fromJson(j, "x.agap.json");
            QFAIL("accepted a broken session");
        } catch (const Error& e) {
            const QString msg = QString::fromUtf8(e.what());
            QVERIFY2(msg.startsWith(QStringLiteral("x.agap.json: ") + field), qPrintable(msg));
        }
    }

    void sessionSaveIsAtomic() {
        auditgap::test::TempDir tmp;
        const fs::path f = tmp.path() / "keep.agap.json";
        Session good;
        good.save(f);
        const std::string before = good.serialize();
        Session bad;
        bad.sliders = {std::nan("")};
        QVERIFY_THROWS_EXCEPTION(Error, bad.save(f)); // refused before anything is written
        std::ifstream in(f);
        QCOMPARE(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()), before);
        QCOMPARE(static_cast<int>(std::distance(fs::directory_iterator(tmp.path()), fs::directory_iterator())), 1);
    }
};

QTEST_GUILESS_MAIN(TestLive)
#include "tst_live.moc"
