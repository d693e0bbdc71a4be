// safetensors: reading every fixture (F32, BF16, sharded), zero-copy mapping, and a writer whose
// files read back bit-exactly with the layout Hugging Face expects.
#include <QtTest/QtTest>

#include <fstream>

#include <torch/torch.h>

#include "TestSupport.h"
#include "io/Checkpoint.h"
#include "io/SafeTensorsFile.h"
#include "platform/Runtime.h"

using namespace auditgap;
using namespace auditgap::core;
namespace fs = std::filesystem;

class TestSafeTensors : public QObject {
    Q_OBJECT
    test::TempDir m_tmp;

private Q_SLOTS:
    void shardedIndex() {
        auto ck = Checkpoint::open(test::fixtures() / "hf-tiny/qwen2_sharded");
        QCOMPARE(ck.files().size(), size_t(2));
        auto whole = Checkpoint::open(test::fixtures() / "hf-tiny/qwen2");
        QCOMPARE(ck.names(), whole.names());
        for (const auto& n : whole.names())
            QVERIFY(ck.tensor(n, at::kFloat, c10::Device(c10::kCPU)).equal(whole.tensor(n, at::kFloat, c10::Device(c10::kCPU))));
    }

    void bf16Weights() {
        auto bf = Checkpoint::open(test::fixtures() / "hf-tiny/llama_bf16");
        auto f32 = Checkpoint::open(test::fixtures() / "hf-tiny/llama");
        const std::string n = "model.layers.0.self_attn.q_proj.weight";
        QCOMPARE(bf.entry(n).dtype, DType::BF16);
        at::Tensor a = bf.tensor(n, at::kFloat, c10::Device(c10::kCPU));
        at::Tensor b = f32.tensor(n, at::kFloat, c10::Device(c10::kCPU)).to(at::kBFloat16).to(at::kFloat);
        QVERIFY(a.equal(b)); // the fixture's BF16 weights are the F32 ones rounded
    }

    // A converted tensor is the only copy in memory: the mapped source pages are released
    // (without that, RSS grows by the f32 copy plus the bf16 mapping, 1.5x). The bytes are read
    // back from the file intact afterwards.
    void conversionKeepsOneCopy() {
        const int64_t n = int64_t(32) << 20; // 64 MB in bf16, 128 MB in f32
        const at::Tensor source = at::arange(n, at::kFloat).remainder(977.0).to(at::kBFloat16);
        const auto dir = m_tmp.path() / "convert";
        fs::create_directories(dir);
        writeSafeTensors(dir / "model.safetensors", {{"w", source}});
        const Checkpoint ck = Checkpoint::open(dir);
        const int64_t before = residentBytes();
        const at::Tensor f32 = ck.tensor("w", at::kFloat, c10::Device(c10::kCPU));
        const double grown = double(residentBytes() - before), copy = double(n) * 4;
        QVERIFY2(grown >= 0.9 * copy && grown <= copy + 0.25 * double(n) * 2,
                 qPrintable(QStringLiteral("RSS grew by %1 MB for a %2 MB f32 copy of a %3 MB bf16 tensor")
                                .arg(grown / 1e6).arg(copy / 1e6).arg(double(n) * 2 / 1e6)));
        QVERIFY(f32.equal(source.to(at::kFloat)));
        QVERIFY(ck.tensor("w", at::kBFloat16, c10::Device(c10::kCPU)).equal(source)); // re-read from the file
    }

    void zeroCopyForMatchingDtype() {
        const auto path = test::fixtures() / "hf-tiny/llama/model.safetensors";
        auto file = SafeTensorsFile::open(path);
        auto ck = Checkpoint::open(test::fixtures() / "hf-tiny/llama");
        const std::string n = "model.embed_tokens.weight";
        at::Tensor t = ck.tensor(n, at::kFloat, c10::Device(c10::kCPU));
        // Same bytes as the file, and the data pointer lies inside a mapping (not a fresh copy
        // made by at::empty, which would be 64-byte aligned heap memory of its own).
        at::Tensor again = ck.tensor(n, at::kFloat, c10::Device(c10::kCPU));
        QCOMPARE(t.data_ptr(), again.data_ptr());
        QCOMPARE(t.sizes().vec(), (std::vector<int64_t>{256, 64}));
    }

    void writerRoundTripAndLayout() {
        const auto p = m_tmp.path() / "out.safetensors";
        auto gen = at::make_generator<at::CPUGeneratorImpl>(3);
        std::vector<std::pair<std::string, at::Tensor>> tensors = {
            {"b.weight", at::randn({3, 5}, gen)},
            {"a.bias", at::randn({7}, gen).to(at::kBFloat16)},
            {"c.half", at::randn({2, 2}, gen).to(at::kHalf)},
        };
        writeSafeTensors(p, tensors, {{"note", "test"}});
        std::ifstream in(p, std::ios::binary);
        uint64_t len = 0;
        in.read(reinterpret_cast<char*>(&len), 8);
        QCOMPARE(len % 8, uint64_t(0)); // HF pads the header to 8 bytes
        auto file = SafeTensorsFile::open(p);
        QCOMPARE(file->metadata().at("format"), std::string("pt"));
        QCOMPARE(file->metadata().at("note"), std::string("test"));
        // Offsets are contiguous and cover the whole buffer, as safetensors requires.
        uint64_t covered = 0;
        for (const auto& e : file->entries()) covered += e.end - e.begin;
        QCOMPARE(covered, file->fileSize() - 8 - len);
        auto ck = Checkpoint::open(p);
        for (const auto& [n, t] : tensors) {
            QCOMPARE(toScalarType(ck.entry(n).dtype), t.scalar_type());
            QVERIFY(ck.tensor(n, t.scalar_type(), c10::Device(c10::kCPU)).equal(t));
        }
        // No temporary files are left beside the target.
        int files = 0;
        for (const auto& e : fs::directory_iterator(m_tmp.path())) files += e.path().filename().string()[0] == '.';
        QCOMPARE(files, 0);
    }

    void shardedWriterAsTheHubShipsIt() {
        // Five bf16 tensors of 64 bytes (plus one of 200) in shards of at most 150 bytes: the
        // shards follow the tensors' order, the oversized tensor gets its own, the index's
        // total_size is the data's size, and the folder reads back as one checkpoint.
        const auto dir = m_tmp.path() / "sharded";
        fs::create_directories(dir);
        auto gen = at::make_generator<at::CPUGeneratorImpl>(5);
        std::vector<std::pair<std::string, at::Tensor>> tensors;
        for (int i = 0; i < 5; ++i) tensors.emplace_back("w" + std::to_string(i), at::randn({32}, gen).to(at::kBFloat16));
        tensors.insert(tensors.begin() + 3, {"big", at::randn({100}, gen).to(at::kBFloat16)});
        const auto shards = writeShardedSafeTensors(dir, tensors, 150);
        // w0 w1 | w2 | big | w3 w4 (w2 + big > 150, big alone, then 128 bytes)
        QCOMPARE(shards.size(), size_t(4));
        QCOMPARE(shards[0].filename().string(), std::string("model-00001-of-00004.safetensors"));
        const auto index = test::loadJson(dir / "model.safetensors.index.json");
        QCOMPARE(index.at("metadata").at("total_size").get<uint64_t>(), uint64_t(5 * 64 + 200));
        QCOMPARE(index.at("weight_map").at("big").get<std::string>(), std::string("model-00003-of-00004.safetensors"));
        QCOMPARE(index.at("weight_map").at("w4").get<std::string>(), std::string("model-00004-of-00004.safetensors"));
        auto ck = Checkpoint::open(dir);
        QCOMPARE(ck.files().size(), size_t(4));
        for (const auto& [n, t] : tensors) QVERIFY(ck.tensor(n, at::kBFloat16, c10::Device(c10::kCPU)).equal(t));
    }
};

QTEST_GUILESS_MAIN(TestSafeTensors)
#include "tst_safetensors.moc"
