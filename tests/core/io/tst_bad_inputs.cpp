// Bad input gets a clear error that names the file and the field, and never a crash.
#include <QtTest/QtTest>
#include <QtCore/QProcess>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include <torch/torch.h>

#include "Error.h"
#include "TestSupport.h"
#include "io/Checkpoint.h"
#include "io/SafeTensorsFile.h"
#include "io/Session.h"
#include "io/Sha256.h"
#include "model/Tokenizer.h"
#include "model/Transformer.h"

using namespace auditgap;
using namespace auditgap::core;
namespace fs = std::filesystem;

namespace {

void writeRaw(const fs::path& p, const std::string& header, size_t dataBytes, uint64_t claimedLen = 0) {
    std::ofstream out(p, std::ios::binary);
    const uint64_t len = claimedLen ? claimedLen : header.size();
    out.write(reinterpret_cast<const char*>(&len), 8);
    out << header;
    out << std::string(dataBytes, '\0');
}

// Runs `fn`, expects an Error whose message contains every needle.
template <class F>
void expectError(F&& fn, std::initializer_list<std::string> needles) {
    try {
        fn();
    } catch (const Error& e) {
        const std::string msg = e.what();
        for (const auto& n : needles)
            QVERIFY2(msg.find(n) != std::string::npos, qPrintable(QString::fromStdString("'" + n + "' not in: " + msg)));
        return;
    }
    QFAIL("no auditgap::core::Error was thrown");
}

void copyFolder(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    for (const auto& e : fs::directory_iterator(from)) fs::copy_file(e.path(), to / e.path().filename());
}

void editConfig(const fs::path& dir, const std::function<void(nlohmann::json&)>& edit) {
    auto j = test::loadJson(dir / "config.json");
    edit(j);
    std::ofstream(dir / "config.json") << j.dump(2);
}

} // namespace

class TestBadInputs : public QObject {
    Q_OBJECT
    test::TempDir m_tmp;

private Q_SLOTS:
    // kill -9 while a session is being saved leaves the previous file intact: a child process
    // (session_writer) saves a 10 MB session over and over and is killed at random moments;
    // the file is then always either the previous session or the complete new one, and loads.
    void killDuringSessionSaveKeepsPreviousFile() {
        const char* writer = std::getenv("AUDITGAP_SESSION_WRITER");
        QVERIFY2(writer, "AUDITGAP_SESSION_WRITER is not set (CTest sets it)");
        test::TempDir dir;
        const std::filesystem::path path = dir.path() / "s.agap.json";
        Session previous;
        previous.models = {{"A", "small", "/nowhere/small", std::string(64, 'a')}};
        previous.inlinePrompts = {{"one prompt", "harmful", "", ""}};
        previous.promptsSha256 = std::string(64, 'b');
        const std::string previousSha = Sha256::ofString(previous.serialize());
        std::mt19937 rng(7);
        int midWrite = 0, replaced = 0;
        // At least 12 rounds, and more (up to 60) until a kill has landed both inside a save and
        // after a completed one: how long a save takes against the time between saves depends on
        // the machine (12 rounds missed every save on a slow 2-core VM).
        for (int round = 0; round < 60 && (round < 12 || midWrite == 0 || replaced == 0); ++round) {
            previous.save(path);
            QProcess child;
            child.start(QString::fromLocal8Bit(writer), {QString::fromStdString(path.string())});
            QVERIFY(child.waitForStarted(30000));
            QVERIFY(child.waitForReadyRead(60000));
            const QList<QByteArray> ready = child.readLine().trimmed().split(' ');
            QCOMPARE(ready.size(), qsizetype(3));
            const std::string newSha = ready[2].toStdString();
            QTest::qWait(static_cast<int>(std::uniform_int_distribution<int>(20, 400)(rng)));
            child.kill(); // SIGKILL
            QVERIFY(child.waitForFinished(30000));
            const std::string sha = Sha256::ofFile(path);
            QVERIFY2(sha == previousSha || sha == newSha, "the session file is neither the previous nor the new one");
            replaced += sha == newSha;
            (void)Session::load(path); // loads without error
            for (const auto& f : std::filesystem::directory_iterator(dir.path()))
                if (f.path().filename().string().rfind(".s.agap.json.tmp-", 0) == 0) {
                    ++midWrite; // killed between the temporary file and the rename
                    std::filesystem::remove(f.path());
                }
        }
        // The kills landed both inside a save and after completed ones.
        QVERIFY2(midWrite >= 1, "no kill landed during a save");
        QVERIFY2(replaced >= 1, "no save completed before a kill");
    }

    void truncatedFile() {
        const auto p = m_tmp.path() / "truncated.safetensors";
        writeRaw(p, R"({"w":{"dtype":"F32","shape":[4,4],"data_offsets":[0,64]}})", 20);
        expectError([&] { SafeTensorsFile::open(p); }, {p.string(), "tensor 'w'", "out of bounds"});
        const auto tiny = m_tmp.path() / "tiny.safetensors";
        std::ofstream(tiny) << "abc";
        expectError([&] { SafeTensorsFile::open(tiny); }, {tiny.string(), "too short"});
    }

    void indexNamingAMissingShard() {
        // A sharded checkpoint whose index names a shard that is not there: the message names
        // the index, its weight_map and the missing shard, before any shard is mapped.
        const auto dir = m_tmp.path() / "missing_shard";
        std::filesystem::create_directories(dir);
        for (const auto& f : std::filesystem::directory_iterator(test::fixtures() / "hf-tiny/qwen2_sharded"))
            std::filesystem::copy_file(f.path(), dir / f.path().filename());
        const auto index = test::loadJson(dir / "model.safetensors.index.json");
        const std::string shard = index.at("weight_map").begin().value().get<std::string>();
        std::filesystem::remove(dir / shard);
        expectError([&] { Checkpoint::open(dir); },
                    {(dir / "model.safetensors.index.json").string(), "weight_map", shard, "not in"});
    }

    void headerLengthBeyondFile() {
        const auto p = m_tmp.path() / "hdr.safetensors";
        writeRaw(p, R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", 4, 5000);
        expectError([&] { SafeTensorsFile::open(p); }, {p.string(), "header length", "beyond the end"});
        writeRaw(p, "{}", 0, 200ull * 1000 * 1000);
        expectError([&] { SafeTensorsFile::open(p); }, {p.string(), "100 MB"});
    }

    void overlappingOffsets() {
        const auto p = m_tmp.path() / "overlap.safetensors";
        writeRaw(p, R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}})", 24);
        expectError([&] { SafeTensorsFile::open(p); }, {p.string(), "overlaps"});
    }

    void wrongByteCount() {
        const auto p = m_tmp.path() / "count.safetensors";
        writeRaw(p, R"({"a":{"dtype":"F16","shape":[4],"data_offsets":[0,16]}})", 16);
        expectError([&] { SafeTensorsFile::open(p); }, {p.string(), "tensor 'a'", "expected 8"});
    }

    void unknownDtype() {
        const auto p = m_tmp.path() / "dtype.safetensors";
        writeRaw(p, R"({"a":{"dtype":"F8_E9","shape":[4],"data_offsets":[0,4]}})", 4);
        expectError([&] { SafeTensorsFile::open(p); }, {p.string(), "tensor 'a' dtype", "unknown dtype 'F8_E9'"});
    }

    void duplicateNameAndBadJson() {
        const auto p = m_tmp.path() / "dup.safetensors";
        writeRaw(p, R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8);
        expectError([&] { SafeTensorsFile::open(p); }, {p.string(), "'a'", "twice"});
        writeRaw(p, R"({"a":{"dtype":"F32",)", 8);
        expectError([&] { SafeTensorsFile::open(p); }, {p.string(), "not valid JSON"});
    }

    void missingTensor() {
        const auto dir = m_tmp.path() / "missing";
        fs::create_directories(dir);
        fs::copy_file(test::fixtures() / "hf-tiny/llama/config.json", dir / "config.json");
        auto ck = Checkpoint::open(test::fixtures() / "hf-tiny/llama");
        std::vector<std::pair<std::string, at::Tensor>> tensors;
        for (const auto& n : ck.names())
            if (n != "model.layers.1.mlp.up_proj.weight") tensors.emplace_back(n, ck.tensor(n, at::kFloat, c10::Device(c10::kCPU)));
        writeSafeTensors(dir / "model.safetensors", tensors);
        expectError([&] { Transformer::load(dir, {c10::Device(c10::kCPU), at::kFloat}); },
                    {(dir / "model.safetensors").string().substr(0, dir.string().size()), "model.layers.1.mlp.up_proj.weight", "missing"});
    }

    void malformedConfig() {
        const auto dir = m_tmp.path() / "badconfig";
        copyFolder(test::fixtures() / "hf-tiny/llama", dir);
        std::ofstream(dir / "config.json") << "{\"model_type\": \"llama\", ";
        expectError([&] { Transformer::load(dir); }, {(dir / "config.json").string(), "not valid JSON"});
        std::ofstream(dir / "config.json") << "[1, 2]";
        expectError([&] { Transformer::load(dir); }, {(dir / "config.json").string(), "JSON object"});
    }

    void missingConfigField() {
        const auto dir = m_tmp.path() / "nofield";
        copyFolder(test::fixtures() / "hf-tiny/llama", dir);
        editConfig(dir, [](nlohmann::json& j) { j.erase("hidden_size"); });
        expectError([&] { Transformer::load(dir); }, {"config.json", "hidden_size", "missing"});
    }

    void unknownModelType() {
        const auto dir = m_tmp.path() / "unknown";
        copyFolder(test::fixtures() / "hf-tiny/llama", dir);
        editConfig(dir, [](nlohmann::json& j) { j["model_type"] = "mamba"; });
        expectError([&] { Transformer::load(dir); }, {"config.json", "model_type", "unknown architecture 'mamba'"});
    }

    void shapeDisagreesWithConfig() {
        const auto dir = m_tmp.path() / "shape";
        copyFolder(test::fixtures() / "hf-tiny/llama", dir);
        editConfig(dir, [](nlohmann::json& j) { j["intermediate_size"] = 96; });
        expectError([&] { Transformer::load(dir); }, {"model.safetensors", "mlp.gate_proj.weight", "[128, 64]", "[96, 64]"});
    }

    // Weights larger than the machine's memory are refused before any is read, naming the
    // folder, the size and the memory ($AUDITGAP_MEMORY_BYTES stands in for MemTotal).
    void weightsLargerThanMemory() {
        const auto f32 = test::fixtures() / "hf-tiny/llama", bf16 = test::fixtures() / "hf-tiny/llama_bf16";
        const auto cpu = c10::Device(c10::kCPU);
        const int64_t bytes = static_cast<int64_t>(std::filesystem::file_size(f32 / "model.safetensors"));
        // Mapped (f32 file, f32 compute): the shards' size against the memory.
        qputenv("AUDITGAP_MEMORY_BYTES", QByteArray::number(qint64(bytes / 2)));
        expectError([&] { Transformer::load(f32, {cpu, at::kFloat}); }, {f32.string(), "shards add up to", "MemTotal"});
        // Converted (bf16 file, f32 compute): twice the bf16 file in memory of its own.
        qputenv("AUDITGAP_MEMORY_BYTES", QByteArray::number(qint64(bytes * 3 / 4)));
        expectError([&] { Transformer::load(bf16, {cpu, at::kFloat}); }, {bf16.string(), "converts them into", "--dtype"});
        // The same bf16 weights mapped as they are stored fit (half the f32 size).
        Transformer::load(bf16, {cpu, at::kBFloat16});
        qputenv("AUDITGAP_MEMORY_BYTES", QByteArray::number(qint64(bytes * 2)));
        Transformer::load(f32, {cpu, at::kFloat});
        qunsetenv("AUDITGAP_MEMORY_BYTES");
    }

    void pickleRefused() {
        const auto dir = m_tmp.path() / "pickle";
        fs::create_directories(dir);
        fs::copy_file(test::fixtures() / "hf-tiny/llama/config.json", dir / "config.json");
        std::ofstream(dir / "pytorch_model.bin") << "not really a pickle";
        expectError([&] { Transformer::load(dir); }, {"pytorch_model.bin", "execute", "safetensors"});
        expectError([&] { Checkpoint::open(dir / "pytorch_model.bin"); }, {"pytorch_model.bin", "refused"});
    }

    void malformedTokenizer() {
        const auto dir = m_tmp.path() / "tok";
        fs::create_directories(dir);
        std::ofstream(dir / "tokenizer.json") << "{\"model\": {\"type\": \"BPE\", \"vocab\": [1,2]";
        expectError([&] { Tokenizer::load(dir); }, {"tokenizer.json", "not valid JSON"});
        std::ofstream(dir / "tokenizer.json") << R"({"model": {"type": "Unigram", "vocab": []}})";
        expectError([&] { Tokenizer::load(dir); }, {"tokenizer.json", "model.type", "Unigram"});
        std::ofstream(dir / "tokenizer.json") << R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [7]}})";
        expectError([&] { Tokenizer::load(dir); }, {"tokenizer.json", "model.merges[0]"});
        expectError([&] { Tokenizer::load(m_tmp.path() / "nowhere"); }, {"nowhere", "tokenizer.json"});
    }

    // Mutated headers and truncations of a real file: every outcome is a clean open or an
    // Error, never a crash (ASan/UBSan runs of this suite check the "never" part).
    void mutatedFilesNeverCrash() {
        const auto src = test::fixtures() / "hf-tiny/gpt2_seqcls/model.safetensors";
        std::ifstream in(src, std::ios::binary);
        const std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        uint64_t headerLen = 0;
        std::memcpy(&headerLen, original.data(), 8);
        std::mt19937 rng(7);
        const auto p = m_tmp.path() / "mutant.safetensors";
        int errors = 0, opened = 0;
        for (int k = 0; k < 600; ++k) {
            std::string bytes = original;
            if (k % 3 == 0) {
                bytes.resize(rng() % bytes.size());
            } else {
                const int flips = 1 + static_cast<int>(rng() % 4);
                for (int f = 0; f < flips; ++f) {
                    const size_t at = (k % 3 == 1) ? rng() % (8 + headerLen) : rng() % bytes.size();
                    bytes[at] = static_cast<char>(rng() % 256);
                }
            }
            std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
            try {
                auto f = SafeTensorsFile::open(p);
                for (const auto& e : f->entries()) QVERIFY(e.end <= f->fileSize());
                ++opened;
            } catch (const Error& e) {
                QVERIFY(std::string(e.what()).find(p.string()) != std::string::npos);
                ++errors;
            }
        }
        qInfo("600 mutants: %d rejected with an error, %d still valid", errors, opened);
        QVERIFY(errors > 300);
    }

    void missingFolder() {
        expectError([&] { Transformer::load(m_tmp.path() / "does-not-exist"); }, {"does-not-exist"});
    }
};

QTEST_GUILESS_MAIN(TestBadInputs)
#include "tst_bad_inputs.moc"
