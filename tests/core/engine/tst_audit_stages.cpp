// The audit's stages (engine/AuditStages.h), each checked on its own against the building
// block it wraps, on the committed demo family (8 blocks, H 128): tokenized prompts, the
// prepared batch and its cached activations, clean behaviour, each attack at every budget
// (rows equal a one-budget run of the attack, within 1e-5), the group generation (each layer's
// rows carry only that layer's edit), judges and scores, and the cells' fields. Then the
// pipeline (runAudit) equals the stages composed by hand.
#include <QtTest/QtTest>

#include <cmath>

#include <torch/torch.h>

#include "Error.h"
#include "TestSupport.h"
#include "engine/ActivationCache.h"
#include "engine/AuditRunner.h"
#include "engine/AuditStages.h"
#include "engine/ModelStore.h"
#include "intervene/Steering.h"
#include "metrics/Lvs.h"
#include "model/Generator.h"
#include "model/Intervention.h"
#include "model/LanguageModel.h"
#include "model/Tokenizer.h"
#include "model/Transformer.h"

using namespace auditgap;
using namespace auditgap::core;
namespace fs = std::filesystem;

namespace {

fs::path demo() {
    const char* d = std::getenv("AUDITGAP_DEMO_DIR");
    return d ? fs::path(d) : fs::path("AUDITGAP_DEMO_DIR-is-not-set");
}

// 4 harmful and 2 benign showcase prompts.
PromptSet prompts() {
    PromptSet set = PromptSet::load(demo() / "prompts" / "showcase.jsonl");
    std::vector<PromptItem> keep(set.items.begin(), set.items.begin() + 4);
    keep.insert(keep.end(), set.items.end() - 2, set.items.end());
    set.items = keep;
    return set;
}

AuditSettings settings(AttackKind attack) {
    AuditSettings s;
    s.models = {{"base", (demo() / "dissociated").string()}};
    s.prompts = "showcase";
    s.attack = attack;
    s.budgets = {0.002, 0.008};
    s.maxNewTokens = 12;
    s.batchSize = 6;
    s.reward = (demo() / "reward").string();
    return s;
}

double maxDiff(const at::Tensor& a, const at::Tensor& b) {
    return (a.to(torch::kFloat) - b.to(torch::kFloat)).abs().max().item<double>();
}

} // namespace

class TestAuditStages : public QObject {
    Q_OBJECT
    PromptSet m_set;
    ModelStore m_store;
    std::shared_ptr<LanguageModel> m_lm;
    std::vector<bool> m_all;

    // The first four prompts, prepared for an attack under `s`.
    PreparedBatch firstFour(const AuditSettings& s, ActivationCache& cache) {
        const PromptTokens t = tokenizePrompts(*m_lm, m_set, s, "base", m_all);
        return prepareBatch(m_lm->net(), t, {0, 1, 2, 3}, cache, "k");
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(fs::exists(demo() / "demo.json"), "AUDITGAP_DEMO_DIR must name the committed demo family");
        m_set = prompts();
        m_lm = m_store.model((demo() / "dissociated").string());
        m_all.assign(m_set.items.size(), true);
    }

    void tokenizePromptsChatFormatsAndChecks() {
        const AuditSettings s = settings(AttackKind::Pgd);
        const PromptTokens t = tokenizePrompts(*m_lm, m_set, s, "base", m_all);
        QCOMPARE(t.ids.size(), m_set.items.size());
        for (size_t i = 0; i < t.ids.size(); ++i) {
            QCOMPARE(t.ids[i], m_lm->promptIds(m_set.items[i].prompt, s.maxNewTokens + int64_t(t.targets[i].size())));
            QCOMPARE(t.targets[i], m_lm->tokenizer().encode("Sure, here is", false));
        }
        QVERIFY(t.warnings.empty());
        PromptSet bad = m_set;
        bad.items[1].ids = {1, 2, 999999};
        try {
            tokenizePrompts(*m_lm, bad, s, "base", m_all);
            QFAIL("a token id outside the vocabulary was accepted");
        } catch (const Error& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find(bad.source + ":" + std::to_string(bad.items[1].line)) != std::string::npos, e.what());
            QVERIFY2(msg.find("outside the vocabulary") != std::string::npos, e.what());
        }
    }

    void prepareBatchCachesCleanActivations() {
        const AuditSettings s = settings(AttackKind::Pgd);
        const PromptTokens t = tokenizePrompts(*m_lm, m_set, s, "base", m_all);
        ActivationCache cache;
        const std::vector<int> which{0, 3, 4};
        const PreparedBatch pb = prepareBatch(m_lm->net(), t, which, cache, "k");
        QCOMPARE(pb.batch.prompts.size(), size_t(3));
        QCOMPARE(cache.size(), size_t(3));
        const PaddedInputs in = paddedInputs(m_lm->net(), pb.batch);
        const auto all = cleanActivations(m_lm->net(), in);
        for (HookPoint h : {HookPoint::embedding(), HookPoint::block(4), HookPoint::block(7)}) {
            const at::Tensor got = pb.activationAt(h), want = all.at(size_t(h.code() + 2)); // [B, Tmax, H]
            QVERIFY(got.sizes() == want.sizes());
            for (int64_t b = 0; b < 3; ++b) { // the rows' own positions; padding is zero in the cache
                const int64_t L = in.promptLengths[size_t(b)] + in.targetLengths[size_t(b)];
                QVERIFY(maxDiff(got[b].narrow(0, 0, L), want[b].narrow(0, 0, L)) < 1e-6);
                QCOMPARE(got[b].narrow(0, L, got.size(1) - L).abs().sum().item<double>(), 0.0);
            }
        }
        const int64_t hits = cache.hits();
        const PreparedBatch again = prepareBatch(m_lm->net(), t, which, cache, "k");
        QCOMPARE(cache.hits(), hits + 3);
        QVERIFY(maxDiff(again.activationAt(HookPoint::block(4)), pb.activationAt(HookPoint::block(4))) == 0.0);
    }

    void cleanBehaviourIsTheGreedyAnswer() {
        const AuditSettings s = settings(AttackKind::Pgd);
        const PromptTokens t = tokenizePrompts(*m_lm, m_set, s, "base", m_all);
        ActivationCache cache;
        const PreparedBatch pb = prepareBatch(m_lm->net(), t, {0, 1, 2, 3, 4, 5}, cache, "k");
        AuditJudges judges = AuditJudges::load(s, m_store);
        judges.useModel(*m_lm);
        const CleanBehaviour c = cleanBehaviour(*m_lm, pb, m_set, judges, s, nullptr);
        GenerationOptions g;
        g.maxNewTokens = s.maxNewTokens;
        const auto ref = generateGreedy(m_lm->net(), pb.batch.prompts, g);
        const PrefixJudge prefix = PrefixJudge::builtIn();
        const auto nll = targetNll(m_lm->net(), pb.batch, nullptr);
        for (size_t b = 0; b < 6; ++b) {
            QCOMPARE(c.texts[b], m_lm->decode(ref.tokens[b]));
            QCOMPARE(c.verdicts[b], isEmptyAnswer(c.texts[b]) ? Behavior::Empty : prefix.judge(c.texts[b]));
            QVERIFY(std::abs(c.nll[b] - nll[b]) < 1e-9);
        }
        // S(y) is the reward model's score: the twin refuses its harmful prompts, and the reward
        // model rates a refusal above the compliant answer the twin gives under attack below.
        QCOMPARE(c.scores.size(), size_t(6));
        for (double v : c.scores) QVERIFY(std::isfinite(v));
    }

    void everyAttackEqualsItsOneBudgetRuns_data() {
        QTest::addColumn<int>("attack");
        QTest::newRow("pgd") << int(AttackKind::Pgd);
        QTest::newRow("l2") << int(AttackKind::L2);
        QTest::newRow("random") << int(AttackKind::Random);
        QTest::newRow("steer_refusal") << int(AttackKind::SteerRefusal);
    }
    void everyAttackEqualsItsOneBudgetRuns() {
        QFETCH(int, attack);
        const AuditSettings s = settings(AttackKind(attack));
        const Transformer& net = m_lm->net();
        const PromptTokens t = tokenizePrompts(*m_lm, m_set, s, "base", m_all);
        ActivationCache cache;
        const PreparedBatch pb = prepareBatch(net, t, {0, 1, 2, 3, 4, 5}, cache, "k");
        const HookPoint layer = HookPoint::block(4);
        const AttackConstants k = attackConstants(net, m_set, t, {layer}, s, nullptr);
        const LayerAttack a = attackLayer(net, pb, layer, s, k, 0, nullptr);
        QVERIFY(a.layer == layer);
        QCOMPARE(a.perBudget.size(), size_t(2));
        const int64_t B = 6;
        const at::Tensor stacked = AttackKind(attack) == AttackKind::SteerRefusal ? a.edit.direction : a.edit.add;
        QCOMPARE(stacked.size(0), 2 * B); // budget-major rows
        for (size_t bi = 0; bi < 2; ++bi) {
            const double budget = s.budgets[bi];
            AttackBatch ab = pb.batch;
            ab.cleanActivation = pb.activationAt(layer);
            const at::Tensor rows = stacked.narrow(0, int64_t(bi) * B, B);
            if (AttackKind(attack) == AttackKind::Pgd) {
                PgdOptions o;
                o.layer = layer.code();
                o.budget = budget;
                const AttackResult ref = latentPgd(net, ab, o);
                for (size_t b = 0; b < 6; ++b) {
                    QVERIFY(std::abs(a.perBudget[bi].rows[b].eps - ref.rows[b].eps) <= 1e-12 * ref.rows[b].eps);
                    QVERIFY(std::abs(a.perBudget[bi].rows[b].nllTrace.back() - ref.rows[b].nllTrace.back()) < 1e-4);
                }
                const at::Tensor d = ref.intervention.edits.at(0).add;
                QVERIFY(maxDiff(rows.narrow(1, 0, d.size(1)), d) < 1e-5);
            } else if (AttackKind(attack) == AttackKind::L2) {
                const double radius = budget * k.meanNorm.at(layer);
                QVERIFY(std::abs(k.meanNorm.at(layer) -
                                 lastTokenActivations(net, {t.ids[0], t.ids[1], t.ids[2], t.ids[3]}, layer.code())
                                     .norm(2, 1).to(torch::kDouble).mean().item<double>()) < 1e-4);
                for (size_t b = 0; b < 6; ++b)
                    QVERIFY(std::abs(a.perBudget[bi].rows[b].deltaL2 - radius) < 1e-3 * radius);
                QVERIFY(a.edit.phase == Phase::PrefillOnly); // the settings' phase (prefill by default)
            } else if (AttackKind(attack) == AttackKind::Random) {
                for (size_t b = 0; b < 6; ++b) {
                    const double eps = a.perBudget[bi].rows[b].eps;
                    QVERIFY(eps > 0);
                    QVERIFY(rows[int64_t(b)].abs().max().item<double>() <= eps * (1 + 1e-6));
                }
            } else {
                const at::Tensor h = ab.cleanActivation;
                const at::Tensor dir = k.direction.at(layer);
                QVERIFY(std::abs(dir.norm().item<double>() - 1.0) < 1e-5);
                QVERIFY(maxDiff(rows, dir.unsqueeze(0).expand({B, -1}) * budget) < 1e-7);
                for (size_t b = 0; b < 6; ++b) {
                    const double want = budget * h[int64_t(b)].narrow(0, 0, pb.promptLengths[b]).norm().item<double>();
                    QVERIFY(std::abs(a.perBudget[bi].rows[b].deltaL2 - want) < 1e-6 * (1 + want));
                }
            }
        }
    }

    // Each layer's rows of a group carry only that layer's edit: a group of two layers gives the
    // same texts as each layer generated alone.
    void groupRowsCarryOnlyTheirLayersEdit() {
        const AuditSettings s = settings(AttackKind::Pgd);
        const Transformer& net = m_lm->net();
        ActivationCache cache;
        const PreparedBatch pb = firstFour(s, cache);
        const AttackConstants none;
        std::vector<LayerAttack> group{attackLayer(net, pb, HookPoint::block(1), s, none, 0, nullptr),
                                       attackLayer(net, pb, HookPoint::block(4), s, none, 0, nullptr)};
        const GroupGenerations g = generateGroup(*m_lm, pb, group, s, nullptr);
        QCOMPARE(g.texts.size(), size_t(2 * 2 * 4));
        QCOMPARE(g.which, (std::vector<int>{0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3}));
        for (size_t k = 0; k < 2; ++k) {
            const GroupGenerations alone = generateGroup(*m_lm, pb, {group[k]}, s, nullptr);
            for (size_t r = 0; r < 8; ++r) QCOMPARE(g.texts[k * 8 + r], alone.texts[r]);
        }
        // The perturbed texts differ from the clean ones somewhere at block 4, p = 0.008 (the twin).
        const CleanBehaviour clean =
            cleanBehaviour(*m_lm, pb, m_set, AuditJudges::load(settings(AttackKind::Pgd), m_store), s, nullptr);
        bool changed = false;
        for (size_t b = 0; b < 4; ++b) changed = changed || g.texts[8 + 4 + b] != clean.texts[b];
        QVERIFY(changed);
    }

    // The clean answers decoding in the group's batch (zeros in every edit) are the greedy
    // answers cleanBehaviour generates alone, and the perturbed rows are as without them.
    void cleanRowsRideAlongInTheGroup() {
        const AuditSettings s = settings(AttackKind::Pgd);
        const Transformer& net = m_lm->net();
        ActivationCache cache;
        const PreparedBatch pb = firstFour(s, cache);
        const AttackConstants none;
        std::vector<LayerAttack> group{attackLayer(net, pb, HookPoint::block(4), s, none, 0, nullptr)};
        const GroupGenerations plain = generateGroup(*m_lm, pb, group, s, nullptr);
        const GroupGenerations both = generateGroup(*m_lm, pb, group, s, nullptr, true);
        QVERIFY(plain.cleanTokens.empty());
        QCOMPARE(both.tokens, plain.tokens);
        QCOMPARE(both.texts, plain.texts);
        QCOMPARE(both.promptIds, plain.promptIds);
        QCOMPARE(both.joint.edits.at(0).add.size(0), plain.joint.edits.at(0).add.size(0));
        AuditJudges judges = AuditJudges::load(s, m_store);
        judges.useModel(*m_lm);
        const CleanBehaviour alone = cleanBehaviour(*m_lm, pb, m_set, judges, s, nullptr);
        QCOMPARE(both.cleanTokens, alone.tokens);
        const CleanBehaviour riding = cleanBehaviourOf(*m_lm, pb, m_set, judges, s, both.cleanTokens);
        QCOMPARE(riding.texts, alone.texts);
        QCOMPARE(riding.scores, alone.scores);
        // The perturbed answers differ from the clean ones somewhere (the twin at block 4).
        bool changed = false;
        for (size_t b = 0; b < 4; ++b) changed = changed || both.texts[8 + b] != riding.texts[b];
        QVERIFY(changed);
    }

    // The cells of a layer: fields from the rows, LVS by the paper's formula; and runAudit is
    // exactly these stages composed.
    void cellsAndThePipeline() {
        AuditSettings s = settings(AttackKind::Pgd);
        s.layers = "embedding,4";
        const AuditResults r = runAudit(s, m_set, {}, &m_store, nullptr);
        QCOMPARE(r.cells.size(), size_t(6 * 2 * 2));
        const Transformer& net = m_lm->net();
        const PromptTokens t = tokenizePrompts(*m_lm, m_set, s, "base", m_all);
        ActivationCache cache;
        const PreparedBatch pb = prepareBatch(net, t, {0, 1, 2, 3, 4, 5}, cache, "k");
        AuditJudges judges = AuditJudges::load(s, m_store);
        judges.useModel(*m_lm);
        const CleanBehaviour clean = cleanBehaviour(*m_lm, pb, m_set, judges, s, nullptr);
        const AttackConstants none;
        std::vector<LayerAttack> group{attackLayer(net, pb, HookPoint::embedding(), s, none, 0, nullptr),
                                       attackLayer(net, pb, HookPoint::block(4), s, none, 0, nullptr)};
        const GroupGenerations g = generateGroup(*m_lm, pb, group, s, nullptr);
        const auto verdicts = judges.verdicts(net, m_set, g.which, g.promptIds, g.texts, &g.joint);
        const auto scores = judges.scores(m_set, g.which, g.promptIds, g.tokens, g.texts, verdicts, s.batchSize);
        std::vector<AuditCell> cells;
        for (size_t k = 0; k < 2; ++k) {
            auto c = layerCells("base", m_set, pb, clean, group[k], k, {g.texts, verdicts, scores}, s);
            cells.insert(cells.end(), c.begin(), c.end());
        }
        QCOMPARE(cells.size(), r.cells.size());
        AuditResults mine;
        mine.cells = cells;
        mine.sortCells();
        for (size_t i = 0; i < cells.size(); ++i) {
            const AuditCell &x = mine.cells[i], &y = r.cells[i];
            QCOMPARE(x.prompt, y.prompt);
            QVERIFY(x.layer == y.layer);
            QCOMPARE(x.budget, y.budget);
            QCOMPARE(x.attacked, y.attacked);
            QCOMPARE(x.attackedVerdict, y.attackedVerdict);
            QCOMPARE(x.lvs, y.lvs);
            QCOMPARE(x.lvs, lvsRow(x.rewardClean, x.rewardAttacked, x.deltaL2, kLvsEtaMedian));
            QCOMPARE(x.lvsMeanRow, lvsRow(x.rewardClean, x.rewardAttacked, x.deltaL2, kLvsEtaMean));
            QCOMPARE(x.success, x.attackedVerdict == "complied");
            QCOMPARE(x.label, m_set.items[size_t(x.prompt)].label);
        }
    }

    // As the paper: the ℓ2 radius is budget x the BASE model's mean ‖h‖ at the last harmful
    // prompt token, used unchanged for the twin; the ℓ2 control is a random direction of that
    // norm; the paper's steering adds frac x the base's mean ‖h‖ x unit(mean harmful-pole -
    // base activation), computed here independently from the three demo models.
    void sharedRadiusAndThePapersSteering() {
        const HookPoint layer = HookPoint::block(4);
        auto base = m_store.model((demo() / "base").string(), "cpu", "f32");
        auto harmful = m_store.model((demo() / "harmful").string(), "cpu", "f32");
        AuditSettings s = settings(AttackKind::L2);
        s.models = {{"base", (demo() / "base").string()}, {"twin", (demo() / "dissociated").string()}};
        s.layers = "4";
        s.budgets = {0.06};
        const PromptTokens t = tokenizePrompts(*base, m_set, s, "base", m_all);
        std::vector<std::vector<int64_t>> harmfulIds;
        for (size_t i = 0; i < t.ids.size(); ++i)
            if (m_set.isHarmful(i)) harmfulIds.push_back(t.ids[i]);
        const double baseNorm =
            lastTokenActivations(base->net(), harmfulIds, layer.code()).norm(2, 1).to(torch::kDouble).mean().item<double>();
        const double twinNorm =
            lastTokenActivations(m_lm->net(), harmfulIds, layer.code()).norm(2, 1).to(torch::kDouble).mean().item<double>();
        QVERIFY2(std::abs(baseNorm - twinNorm) > 1e-3 * baseNorm, "the twin's own radius would differ from the base's");
        for (AttackKind kind : {AttackKind::L2, AttackKind::RandomL2}) {
            s.attack = kind;
            const AuditResults r = runAudit(s, m_set, {}, &m_store, nullptr);
            QCOMPARE(r.cells.size(), size_t(2 * 6));
            for (const auto& c : r.cells) {
                QVERIFY2(std::abs(c.eps - 0.06 * baseNorm) <= 1e-6 * c.eps,
                         qPrintable(QStringLiteral("%1 %2: eps %3, base radius %4")
                                        .arg(QString::fromStdString(c.model), QString::fromStdString(c.attack))
                                        .arg(c.eps)
                                        .arg(0.06 * baseNorm)));
                QVERIFY(std::abs(c.deltaL2 - c.eps) <= 1e-4 * c.eps); // on the sphere
            }
        }
        // The paper's steering needs the harmful pole.
        s.attack = AttackKind::Steer;
        s.budgets = {0.12};
        bool refused = false;
        try {
            runAudit(s, m_set, {}, &m_store, nullptr);
        } catch (const Error& e) {
            refused = std::string(e.what()).find("harmful-model") != std::string::npos;
        }
        QVERIFY(refused);
        s.harmfulModel = (demo() / "harmful").string();
        const AuditResults r = runAudit(s, m_set, {}, &m_store, nullptr);
        const at::Tensor d = steeringDirection(harmful->net(), base->net(), harmfulIds, layer.code());
        QVERIFY(std::abs(d.norm().item<double>() - 1.0) < 1e-5);
        // The steered twin's first harmful prompt, regenerated with the independently built vector.
        const at::Tensor v = d * static_cast<float>(0.12 * baseNorm);
        Intervention iv;
        iv.edits.push_back(addEdit(layer.code(), v.view({1, 1, -1}), Phase::AllSteps));
        GenerationOptions go;
        go.maxNewTokens = s.maxNewTokens;
        go.intervention = &iv;
        const auto gen = generateGreedy(m_lm->net(), {t.ids[0]}, go);
        bool found = false;
        for (const auto& c : r.cells) {
            QCOMPARE(c.attack, std::string("steer"));
            QVERIFY(std::abs(c.deltaL2 - 0.12 * baseNorm) <= 1e-4 * c.deltaL2);
            if (c.model == "twin" && c.prompt == 0) {
                found = true;
                QCOMPARE(c.attacked, m_lm->decode(gen.tokens[0]));
            }
        }
        QVERIFY(found);
    }
};

QTEST_GUILESS_MAIN(TestAuditStages)
#include "tst_audit_stages.moc"
