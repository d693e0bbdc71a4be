// Parity with Hugging Face transformers on ../shared/fixtures/hf-tiny: logits, every hidden
// state, steered logits, sequence-classification scores and pooling, long RoPE-scaled runs.
// Tolerance: rtol 1e-4, atol 1e-4 (the fixtures carry 6 significant digits).
#include <QtTest/QtTest>
#include <QTemporaryDir>

#include <fstream>

#include <torch/torch.h>

#include "Error.h"
#include "TestSupport.h"
#include "model/Generator.h"
#include "model/Transformer.h"
#include "io/Checkpoint.h"
#include "io/SafeTensorsFile.h"
#include "platform/Runtime.h"

using namespace auditgap;
using namespace auditgap::core;

namespace {
constexpr double kRtol = 1e-4;
constexpr double kAtol = 1e-4;

#define EXPECT_CLOSE(actual, expected, label)                                                          \
    do {                                                                                               \
        const auto c_ = test::allClose((actual), (expected), kRtol, kAtol);                            \
        QVERIFY2(c_.ok, qPrintable(QString::fromStdString(std::string(label) + ": " + c_.where +       \
                                                          " (max |diff| " + std::to_string(c_.maxAbsDiff) + ")"))); \
    } while (0)

at::Tensor idsTensor(const nlohmann::json& ids) {
    return torch::tensor(ids.get<std::vector<int64_t>>(), torch::kLong).unsqueeze(0);
}
} // namespace

class TestHfParity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // docs/runtime.md, "Compute dtype: the rule".
    void dtypeRule() {
        const c10::Device cpu(c10::kCPU), cuda(c10::kCUDA, 0);
        QCOMPARE(chooseDType(cpu, at::kBFloat16, true).dtype, at::kBFloat16);
        QCOMPARE(chooseDType(cpu, at::kBFloat16, false).dtype, at::kFloat);
        QCOMPARE(chooseDType(cpu, at::kFloat, true).dtype, at::kFloat);
        QCOMPARE(chooseDType(cuda, at::kFloat, false).dtype, at::kBFloat16);
        QVERIFY(cpuHasNativeBf16("fpu avx2 avx512f avx512_bf16 sse"));
        QVERIFY(cpuHasNativeBf16("fpu amx_bf16 amx_tile"));
        QVERIFY(!cpuHasNativeBf16("fpu avx2 avx512f avx512bw"));
        // Applied by the loader, the CPU's answer overridden both ways.
        const auto bf16Dir = test::fixtures() / "hf-tiny/llama_bf16";
        qputenv("AUDITGAP_CPU_BF16", "1");
        auto m = Transformer::load(bf16Dir, {cpu, std::nullopt});
        QCOMPARE(m->dtype(), at::kBFloat16);
        QVERIFY2(m->dtypeReason().find("native bf16") != std::string::npos, m->dtypeReason().c_str());
        // One copy of the weights: every bf16 parameter is the file's bytes (its storage lies in
        // the checkpoint's mapping), none was converted.
        auto file = SafeTensorsFile::open(bf16Dir / "model.safetensors");
        const auto* entry = file->find("model.layers.0.self_attn.q_proj.weight");
        QVERIFY(entry);
        auto ck = Checkpoint::open(bf16Dir);
        const at::Tensor mapped = ck.tensor(entry->name, at::kBFloat16, cpu);
        QCOMPARE(mapped.data_ptr(), ck.tensor(entry->name, at::kBFloat16, cpu).data_ptr()); // the mapping, not a copy
        QVERIFY(mapped.data_ptr() != ck.tensor(entry->name, at::kFloat, cpu).data_ptr());    // a conversion copies
        // The model's parameters: storages made on the file mapping (at::from_blob, no
        // allocator), not allocated and filled.
        QVERIFY(mapped.storage().allocator() == nullptr);
        for (const auto& [name, t] : m->namedParameters())
            QVERIFY2(t.storage().allocator() == nullptr, (name + " was copied").c_str());
        bool found = false;
        for (const auto& [name, t] : m->namedParameters())
            if (name.find("layers.0.self_attn.q_proj.weight") != std::string::npos) {
                found = true;
                QCOMPARE(t.scalar_type(), at::kBFloat16);
                QVERIFY(t.equal(mapped));
            }
        QVERIFY(found);
        qputenv("AUDITGAP_CPU_BF16", "0");
        m = Transformer::load(bf16Dir, {cpu, std::nullopt});
        QCOMPARE(m->dtype(), at::kFloat);
        QVERIFY2(m->dtypeReason().find("no native bf16") != std::string::npos, m->dtypeReason().c_str());
        QVERIFY(m->namedParameters().front().second.storage().allocator() != nullptr); // converted: a copy
        m = Transformer::load(bf16Dir, {cpu, at::kBFloat16}); // asked for: honoured, and said to be emulated
        QCOMPARE(m->dtype(), at::kBFloat16);
        QVERIFY2(m->dtypeReason().find("emulated") != std::string::npos, m->dtypeReason().c_str());
        qputenv("AUDITGAP_CPU_BF16", "1");
        m = Transformer::load(test::fixtures() / "hf-tiny/llama", {cpu, std::nullopt}); // an f32 checkpoint
        QCOMPARE(m->dtype(), at::kFloat);
        qunsetenv("AUDITGAP_CPU_BF16");
    }

    void tensorsDecideOverAStaleTorchDtype() {
        // Fine-tunes often ship a config whose torch_dtype disagrees with the tensors; transformers
        // loads them, and so does AuditGap: the tensors' dtype decides, and the reason says so.
        QTemporaryDir tmp;
        const std::filesystem::path dir = tmp.path().toStdString();
        for (const char* f : {"config.json", "model.safetensors"})
            std::filesystem::copy_file(test::fixtures() / "hf-tiny/llama" / f, dir / f);
        auto config = test::loadJson(dir / "config.json");
        config["torch_dtype"] = "bfloat16"; // the tensors are f32
        std::ofstream(dir / "config.json") << config.dump();
        const auto m = Transformer::load(dir, {c10::Device(c10::kCPU), std::nullopt});
        QCOMPARE(m->dtype(), at::kFloat);
        const std::string r = m->dtypeReason();
        QVERIFY2(r.find("torch_dtype says bfloat16") != std::string::npos && r.find("model.safetensors") != std::string::npos &&
                     r.find("the tensors decide") != std::string::npos,
                 r.c_str());
    }

    void sequences_data() {
        QTest::addColumn<QString>("folder");
        for (const char* f : {"llama", "qwen2", "gpt2", "qwen2_sharded", "llama_bf16", "llama32", "gemma2", "gpt2_seqcls"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }

    // Each reference sequence: logits (or scores), hidden states incl. the last block's raw
    // output, and the steered forward.
    void sequences() {
        QFETCH(QString, folder);
        torch::NoGradGuard noGrad;
        const auto dir = test::fixtures() / "hf-tiny" / folder.toStdString();
        const auto ref = test::loadJson(dir / "reference.json");
        auto model = Transformer::load(dir, {c10::Device(c10::kCPU), at::kFloat});
        const ModelConfig& c = model->config();
        const bool seqcls = c.head == HeadKind::SequenceClassification;
        const auto& steering = ref.at("steering");
        Intervention steer;
        steer.edits.push_back(addEdit(steering.at("layer_index_0_based").get<int>(),
                                      test::toTensor(steering.at("vector")), Phase::AllSteps));
        int n = 0;
        for (const auto& seq : ref.at("sequences")) {
            const std::string tag = folder.toStdString() + " sequence " + std::to_string(n++);
            at::Tensor ids = idsTensor(seq.at("input_ids"));
            ForwardOptions fo;
            fo.collectHidden = true;
            auto out = model->forward({ids, {}, {}}, fo);
            QCOMPARE(static_cast<int64_t>(out.hidden.size()), c.numLayers + 1);
            const auto& hs = seq.at("hidden_states");
            QCOMPARE(static_cast<int64_t>(hs.size()), c.numLayers + 1);
            for (int64_t i = 0; i < c.numLayers; ++i)
                EXPECT_CLOSE(out.hidden[i][0], test::toTensor(hs[i]), tag + " hidden_states[" + std::to_string(i) + "]");
            EXPECT_CLOSE(out.normed[0], test::toTensor(hs[c.numLayers]), tag + " hidden_states[last] (after final norm)");
            EXPECT_CLOSE(out.hidden[c.numLayers][0], test::toTensor(seq.at("last_layer_output_prenorm")),
                         tag + " last_layer_output_prenorm");
            ForwardOptions so;
            so.intervention = &steer;
            auto steered = model->forward({ids, {}, {}}, so);
            if (seqcls) {
                EXPECT_CLOSE(out.logits[0].select(1, 0), test::toTensor(seq.at("scores_per_position")), tag + " scores_per_position");
                EXPECT_CLOSE(model->pooledScores(out, ids, {})[0][0], torch::tensor(seq.at("score").get<float>()), tag + " score");
                EXPECT_CLOSE(steered.logits[0].select(1, 0), test::toTensor(seq.at("steered_scores_per_position")),
                             tag + " steered_scores_per_position");
                EXPECT_CLOSE(model->pooledScores(steered, ids, {})[0][0], torch::tensor(seq.at("steered_score").get<float>()),
                             tag + " steered_score");
            } else {
                EXPECT_CLOSE(out.logits[0], test::toTensor(seq.at("logits")), tag + " logits");
                EXPECT_CLOSE(steered.logits[0], test::toTensor(seq.at("steered_logits")), tag + " steered_logits");
                const auto argmax = out.logits[0].argmax(-1);
                QCOMPARE(torch::tensor(seq.at("argmax").get<std::vector<int64_t>>(), torch::kLong).equal(argmax), true);
            }
        }
    }

    // bf16 compute (what CUDA workstations run) against transformers' f32 reference. bf16
    // keeps an 8-bit significand (unit roundoff u = 2^-8 ~ 0.004); weights and activations are
    // rounded at every matmul, norm and residual add, so the logits carry a relative error of a
    // few u, amplified by these random fixtures' large weights (initializer range 0.2). Bounds:
    // the relative RMS error ||a - r|| / ||r|| <= 0.05 (about 12 u) per sequence, and the argmax
    // must be kept wherever the reference's top-1 leads its runner-up by more than 0.05 max|r|
    // (a nearer tie may legitimately flip). scripts/gpu-check.sh applies the same bounds on CUDA.
    void bf16ComputeWithinTolerance_data() { sequences_data(); }
    void bf16ComputeWithinTolerance() {
        QFETCH(QString, folder);
        torch::NoGradGuard noGrad;
        const auto dir = test::fixtures() / "hf-tiny" / folder.toStdString();
        const auto ref = test::loadJson(dir / "reference.json");
        auto model = Transformer::load(dir, {c10::Device(c10::kCPU), at::kBFloat16});
        const bool seqcls = model->config().head == HeadKind::SequenceClassification;
        for (const auto& seq : ref.at("sequences")) {
            auto out = model->forward({idsTensor(seq.at("input_ids")), {}, {}}, {});
            const at::Tensor got = (seqcls ? out.logits[0].select(1, 0) : out.logits[0]).to(at::kFloat);
            const at::Tensor want = test::toTensor(seq.at(seqcls ? "scores_per_position" : "logits"));
            const double rel = ((got - want).norm() / want.norm()).item<double>();
            qInfo("%s: bf16 relative RMS error %.4f", qPrintable(folder), rel);
            QVERIFY2(rel <= 0.05, qPrintable(QStringLiteral("%1: relative error %2 > 0.05").arg(folder).arg(rel)));
            if (seqcls)
                continue;
            const double margin = 0.05 * want.abs().max().item<double>();
            const auto top2 = want.topk(2, -1);
            const at::Tensor clear = (std::get<0>(top2).select(1, 0) - std::get<0>(top2).select(1, 1)) > margin;
            const at::Tensor kept = got.argmax(-1).eq(want.argmax(-1));
            QVERIFY2(kept.logical_or(clear.logical_not()).all().item<bool>(),
                     qPrintable(QStringLiteral("%1: a clear argmax flipped in bf16").arg(folder)));
        }
    }

    // Right-padded batch of both sequences == each sequence alone (masking and positions).
    void paddedBatchEqualsSingles_data() { sequences_data(); }
    void paddedBatchEqualsSingles() {
        QFETCH(QString, folder);
        torch::NoGradGuard noGrad;
        const auto dir = test::fixtures() / "hf-tiny" / folder.toStdString();
        const auto ref = test::loadJson(dir / "reference.json");
        auto model = Transformer::load(dir, {c10::Device(c10::kCPU), at::kFloat});
        std::vector<std::vector<int64_t>> seqs;
        for (const auto& s : ref.at("sequences")) seqs.push_back(s.at("input_ids").get<std::vector<int64_t>>());
        const int64_t T = static_cast<int64_t>(std::max(seqs[0].size(), seqs[1].size()));
        at::Tensor ids = torch::zeros({2, T}, torch::kLong), mask = torch::zeros({2, T}, torch::kLong);
        for (int64_t b = 0; b < 2; ++b) {
            const int64_t n = static_cast<int64_t>(seqs[b].size());
            ids[b].narrow(0, 0, n).copy_(torch::tensor(seqs[b], torch::kLong));
            mask[b].narrow(0, 0, n).fill_(1);
        }
        auto batched = model->forward({ids, mask, {}});
        for (int64_t b = 0; b < 2; ++b) {
            const int64_t n = static_cast<int64_t>(seqs[b].size());
            auto single = model->forward({torch::tensor(seqs[b], torch::kLong).unsqueeze(0), {}, {}});
            const auto c = test::allClose(batched.logits[b].narrow(0, 0, n), single.logits[0], 1e-5, 1e-5);
            QVERIFY2(c.ok, c.where.c_str());
        }
    }

    void seqclsPaddedBatch() {
        torch::NoGradGuard noGrad;
        const auto dir = test::fixtures() / "hf-tiny" / "gpt2_seqcls";
        const auto pb = test::loadJson(dir / "reference.json").at("padded_batch");
        auto model = Transformer::load(dir, {c10::Device(c10::kCPU), at::kFloat});
        std::vector<int64_t> flat;
        for (const auto& row : pb.at("input_ids"))
            for (const auto& v : row) flat.push_back(v.get<int64_t>());
        at::Tensor ids = torch::tensor(flat, torch::kLong).view({2, -1});
        std::vector<int64_t> maskFlat;
        for (const auto& row : pb.at("attention_mask"))
            for (const auto& v : row) maskFlat.push_back(v.get<int64_t>());
        at::Tensor mask = torch::tensor(maskFlat, torch::kLong).view({2, -1});
        auto out = model->forward({ids, mask, {}});
        const auto picked = model->poolIndex(ids, mask);
        QCOMPARE(picked.equal(torch::tensor(pb.at("index_picked").get<std::vector<int64_t>>(), torch::kLong)), true);
        EXPECT_CLOSE(model->pooledScores(out, ids, mask).select(1, 0), test::toTensor(pb.at("scores")), "padded_batch scores");
        // Per-position scores at real (unpadded) positions.
        const auto expected = test::toTensor(pb.at("scores_per_position"));
        for (int64_t b = 0; b < 2; ++b) {
            const int64_t n = mask[b].sum().item<int64_t>();
            EXPECT_CLOSE(out.logits[b].select(1, 0).narrow(0, 0, n), expected[b].narrow(0, 0, n),
                         "padded_batch scores_per_position row " + std::to_string(b));
        }
    }

    // Llama-3.2 RoPE scaling past the original context length.
    void llama32LongSequence() {
        torch::NoGradGuard noGrad;
        const auto dir = test::fixtures() / "hf-tiny" / "llama32";
        const auto ls = test::loadJson(dir / "reference.json").at("long_sequence");
        auto model = Transformer::load(dir, {c10::Device(c10::kCPU), at::kFloat});
        at::Tensor ids = idsTensor(ls.at("input_ids"));
        ForwardOptions fo;
        fo.collectHidden = true;
        auto out = model->forward({ids, {}, {}}, fo);
        at::Tensor pos = torch::tensor(ls.at("positions").get<std::vector<int64_t>>(), torch::kLong);
        EXPECT_CLOSE(out.logits[0].index_select(0, pos), test::toTensor(ls.at("logits_at_positions")), "long logits");
        EXPECT_CLOSE(out.hidden[3][0].index_select(0, pos), test::toTensor(ls.at("last_layer_output_prenorm_at_positions")),
                     "long last_layer_output_prenorm");
        const auto& hs = ls.at("hidden_states_at_positions");
        for (int i = 0; i < 3; ++i)
            EXPECT_CLOSE(out.hidden[i][0].index_select(0, pos), test::toTensor(hs[i]), "long hidden " + std::to_string(i));
        EXPECT_CLOSE(out.normed[0].index_select(0, pos), test::toTensor(hs[3]), "long hidden last");
        const auto logits = out.logits[0];
        QCOMPARE(logits.argmax(-1).equal(torch::tensor(ls.at("argmax").get<std::vector<int64_t>>(), torch::kLong)), true);
        EXPECT_CLOSE(std::get<0>(logits.max(-1)), test::toTensor(ls.at("max_logit")), "long max_logit");
        EXPECT_CLOSE(logits.logsumexp(-1), test::toTensor(ls.at("logsumexp")), "long logsumexp");
    }

    // KV-cached batched decoding == full recomputation, on every causal fixture. The prompts
    // run past gemma2's 6-token sliding window, so the cached path's window mask is exercised.
    void cachedGenerationEqualsUncached_data() {
        QTest::addColumn<QString>("folder");
        for (const char* f : {"llama", "qwen2", "gpt2", "llama32", "gemma2"}) QTest::newRow(f) << QString::fromLatin1(f);
    }
    void cachedGenerationEqualsUncached() {
        QFETCH(QString, folder);
        const auto dir = test::fixtures() / "hf-tiny" / folder.toStdString();
        const auto ref = test::loadJson(dir / "reference.json");
        auto model = Transformer::load(dir, {c10::Device(c10::kCPU), at::kFloat});
        std::vector<std::vector<int64_t>> prompts;
        for (const auto& s : ref.at("sequences")) prompts.push_back(s.at("input_ids").get<std::vector<int64_t>>());
        GenerationOptions o;
        o.maxNewTokens = 24;
        o.useStopTokensFromConfig = false; // random weights: run the full length
        const auto cached = generateGreedy(*model, prompts, o);
        o.useKvCache = false;
        const auto uncached = generateGreedy(*model, prompts, o);
        for (size_t i = 0; i < prompts.size(); ++i) {
            QCOMPARE(cached.tokens[i].size(), size_t(24));
            QVERIFY(cached.tokens[i] == uncached.tokens[i]);
        }
        // The first generated token is the fixture's argmax at the last prompt position.
        for (size_t i = 0; i < prompts.size(); ++i)
            QCOMPARE(cached.tokens[i][0], ref.at("sequences")[i].at("argmax").back().get<int64_t>());
    }

    // Mistral's sliding window (no transformers fixture): in a one-block model, position i with
    // window W must equal the last position of tokens i-W+1..i run alone with the same position
    // ids, because RoPE attention depends only on relative positions.
    void mistralSlidingWindow() {
        torch::NoGradGuard noGrad;
        nlohmann::json j = {{"model_type", "mistral"}, {"architectures", {"MistralForCausalLM"}},
                            {"vocab_size", 97}, {"hidden_size", 32}, {"intermediate_size", 48},
                            {"num_hidden_layers", 1}, {"num_attention_heads", 4}, {"num_key_value_heads", 2},
                            {"sliding_window", 5}, {"rms_norm_eps", 1e-5}, {"rope_theta", 10000.0}};
        const ModelConfig c = ModelConfig::fromJson(j, "test config");
        QCOMPARE(c.slidingWindow[0], int64_t(5));
        auto model = Transformer::random(c, {c10::Device(c10::kCPU), at::kFloat}, 11);
        at::Tensor ids = torch::randint(0, 97, {1, 16}, torch::kLong);
        auto full = model->forward({ids, {}, {}});
        for (int64_t i : {4, 9, 15}) {
            at::Tensor window = ids.narrow(1, i - 4, 5);
            at::Tensor pos = torch::arange(i - 4, i + 1, torch::kLong).unsqueeze(0);
            auto part = model->forward({window, {}, pos});
            EXPECT_CLOSE(full.logits[0][i], part.logits[0][4], "window at position " + std::to_string(i));
        }
        // And the window matters: the unwindowed model differs at position 15.
        j["model_type"] = "llama";
        auto llama = Transformer::random(ModelConfig::fromJson(j, "test config"), {c10::Device(c10::kCPU), at::kFloat}, 11);
        QVERIFY((llama->forward({ids, {}, {}}).logits[0][15] - full.logits[0][15]).abs().max().item<double>() > 1e-3);
    }
};

QTEST_GUILESS_MAIN(TestHfParity)
#include "tst_hf_parity.moc"
