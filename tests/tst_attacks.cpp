// Latent attacks against the paper's official code (paper-reference/pgd_llama.json), batching
// against one-row runs, and the other edit kinds (steer, ablate, patch).
#include <QtTest/QtTest>

#include <torch/torch.h>

#include "TestSupport.h"
#include "intervene/LatentAttack.h"
#include "model/Generator.h"
#include "model/Transformer.h"

using namespace auditgap::core;

namespace {

std::vector<int64_t> ids(const nlohmann::json& j) { return j.get<std::vector<int64_t>>(); }

std::unique_ptr<Transformer> tiny(const std::string& folder) {
    return Transformer::load(auditgap::test::fixtures() / "hf-tiny" / folder, {c10::Device(c10::kCPU), at::kFloat});
}

// The paper's step code of δ_k: round(δ/alpha_f32) + 4 as a digit, row-major over [Tp, H].
std::string stepCode(const at::Tensor& delta, float alpha) {
    at::Tensor q = (delta / alpha).round().to(torch::kLong) + 4;
    std::string s;
    auto a = q.contiguous().view({-1});
    for (int64_t i = 0; i < a.numel(); ++i) s.push_back(static_cast<char>('0' + a[i].item<int64_t>()));
    return s;
}

} // namespace

class TestAttacks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

    // Every (layer, budget) run of the official `_pgd` on the hf-tiny llama fixture.
    // Tolerances: eps/alpha are the same double arithmetic (1e-12 relative); the NLL trace
    // 1e-4 absolute (the bound; float32 forward, different summation order); the sign
    // pattern may differ only where the reference saw near-zero gradients (0 < |g| < 1e-4 max|g|),
    // counted cumulatively because a flipped entry stays flipped; greedy tokens exactly.
    void pgdMatchesThePaper() {
        const auto ref = auditgap::test::loadJson(auditgap::test::fixtures() / "paper-reference" / "pgd_llama.json");
        auto model = tiny("llama");
        AttackBatch batch;
        batch.prompts = {ids(ref.at("prompt_ids"))};
        batch.targets = {ids(ref.at("target_ids"))};
        for (const auto& run : ref.at("runs")) {
            const std::string layerText = run.at("layer").is_string() ? run.at("layer").get<std::string>()
                                                                      : std::to_string(run.at("layer").get<int>());
            const QString tag = QStringLiteral("layer %1 p %2").arg(QString::fromStdString(layerText)).arg(run.at("p_size").get<double>());
            PgdOptions o;
            o.layer = parseLayer(layerText, model->config().numLayers);
            o.budget = run.at("p_size").get<double>();
            o.steps = run.at("steps").get<int>();
            const float alphaF = run.at("alpha_f32").get<float>();
            std::vector<std::string> codes;
            o.onStep = [&](int, const at::Tensor& d) { codes.push_back(stepCode(d[0].narrow(0, 0, 12), alphaF)); };
            const AttackResult r = latentPgd(*model, batch, o);
            const AttackRow& row = r.rows.at(0);

            // eps = p * absmax(h_l) is the same double arithmetic as the paper's; absmax itself is
            // a float32 activation that our forward reproduces to within a few ulps (the embedding
            // is a table lookup and matches bit for bit). 4 float32 ulps = 5e-7 relative.
            const double tol = layerText == "embedding" ? 1e-15 : 5e-7;
            for (const char* key : {"eps", "alpha"}) {
                const double want = run.at(key).get<double>();
                const double got = std::string(key) == "eps" ? row.eps : row.alpha;
                QVERIFY2(std::abs(got - want) <= tol * want,
                         qPrintable(tag + QStringLiteral(" %1 %2 vs %3").arg(QLatin1String(key)).arg(got, 0, 'g', 17).arg(want, 0, 'g', 17)));
            }
            QVERIFY(std::abs(row.alpha - row.eps / 4) <= 1e-18);
            const auto trace = run.at("nll_trace").get<std::vector<double>>();
            QCOMPARE(row.nllTrace.size(), trace.size());
            for (size_t k = 0; k < trace.size(); ++k)
                QVERIFY2(std::abs(row.nllTrace[k] - trace[k]) <= 1e-4,
                         qPrintable(tag + QStringLiteral(" nll step %1: %2 vs %3").arg(k).arg(row.nllTrace[k]).arg(trace[k])));

            const auto refCodes = run.at("delta_steps_code").get<std::vector<std::string>>();
            const auto nearZero = run.at("grad_near_zero_count_per_step").get<std::vector<int>>();
            QCOMPARE(codes.size(), refCodes.size());
            int allowed = 0;
            for (size_t k = 0; k < codes.size(); ++k) {
                allowed += nearZero[k];
                int mismatches = 0;
                for (size_t i = 0; i < codes[k].size(); ++i) mismatches += codes[k][i] != refCodes[k][i];
                QVERIFY2(mismatches <= allowed, qPrintable(tag + QStringLiteral(" step %1: %2 sign mismatches, %3 near-zero gradients")
                                                               .arg(k + 1).arg(mismatches).arg(allowed)));
            }
            if (allowed == 0) {
                const auto c = auditgap::test::allClose(row.delta, auditgap::test::toTensor(run.at("delta")), 1e-5, 1e-9);
                QVERIFY2(c.ok, qPrintable(tag + QStringLiteral(" delta ") + QString::fromStdString(c.where)));
                QVERIFY(std::abs(row.deltaL2 - run.at("delta_l2").get<double>()) <= 1e-6 * run.at("delta_l2").get<double>());
            }

            GenerationOptions g;
            g.maxNewTokens = 16;
            g.useStopTokensFromConfig = false;
            g.intervention = &r.intervention;
            const auto gen = generateGreedy(*model, batch.prompts, g);
            QCOMPARE(gen.tokens.at(0), ids(run.at("gen_perturbed_noeos")));
        }
        // The clean generation and NLL too.
        GenerationOptions g;
        g.maxNewTokens = 16;
        g.useStopTokensFromConfig = false;
        QCOMPARE(generateGreedy(*model, batch.prompts, g).tokens.at(0), ids(ref.at("gen_clean_noeos")));
        QVERIFY(std::abs(targetNll(*model, batch).at(0) - ref.at("clean_nll_no_hook").get<double>()) <= 1e-5);
    }
};

QTEST_GUILESS_MAIN(TestAttacks)
#include "tst_attacks.moc"
