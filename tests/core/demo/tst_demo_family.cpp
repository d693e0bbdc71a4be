// The committed demo family (resources/demo) against the full acceptance table of its issue,
// measured by the same code as `auditgap-cli demo check`: clean refusal, benign answers, PGD
// and random-control ASR at the nudge layer, LVS ratio (the peak layer is reported), fine-tuning onset and
// the base-trained probe. Every row of the table must pass. The JSON report has exactly the
// documented keys.
#include <QtTest/QtTest>

#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "demo/DemoBuild.h"
#include "demo/DemoCheck.h"

using namespace auditgap::core;

class TestDemoFamily : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void committedFamilyPassesTheAcceptanceTable() {
        const char* dir = std::getenv("AUDITGAP_DEMO_DIR");
        QVERIFY2(dir && *dir, "AUDITGAP_DEMO_DIR is not set (CTest sets it to resources/demo)");
        const auto manifest = readDemoManifest(dir);
        QCOMPARE(manifest["quick"].get<bool>(), false);
        DemoCheckOptions o;
        o.models = dir;
        const DemoCheckReport r = runDemoCheck(o);
        qInfo("%s", r.table().c_str());
        for (const auto& c : r.criteria)
            QVERIFY2(c.passed, (c.measure + ": required " + c.required + ", measured " + c.measured).c_str());
        QCOMPARE(r.criteria.size(), size_t(10)); // the peak-layer row is reported, not required
        const auto j = r.json();
        std::vector<std::string> keys;
        for (const auto& [k, v] : j.items()) keys.push_back(k);
        const std::vector<std::string> expected = {"asr_pgd",        "asr_random",  "benign_answered", "headline_budget",
                                                   "lvs_nudge",      "lvs_peak_layer", "nudge_layer",   "num_layers",
                                                   "onset_t08",      "probe_auroc", "refusal"};
        QCOMPARE(keys, expected);
        for (const char* k : {"refusal", "benign_answered", "asr_pgd", "asr_random", "lvs_nudge", "onset_t08"})
            QCOMPARE(j[k].size(), size_t(3));
        QCOMPARE(j["nudge_layer"].get<int>(), 4);
        QCOMPARE(j["headline_budget"].get<double>(), manifest["headline_budget"].get<double>());
        const auto& basis = manifest["headline_budget_basis"];
        QCOMPARE(j["headline_budget"].get<double>(),
                 demoHeadlineBudget(0.06, basis["mean_norm"].get<double>(), basis["mean_max_abs"].get<double>(), 128));
    }
};

QTEST_GUILESS_MAIN(TestDemoFamily)
#include "tst_demo_family.moc"
