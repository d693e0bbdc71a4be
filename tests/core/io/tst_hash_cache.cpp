// The weights' hash cache: a hit equals modelHash and reads no weight byte; any change to a
// file modelHash reads (content, time, size, a replaced file, an added shard) is hashed again;
// a corrupt or unwritable cache never changes the hash and never throws.
#include <QtTest/QtTest>

#include <fstream>

#include <nlohmann/json.hpp>

#include "Error.h"
#include "TestSupport.h"
#include "io/HashCache.h"
#include "io/JsonFile.h"

using namespace auditgap;
using namespace auditgap::core;
namespace fs = std::filesystem;

namespace {
void writeBytes(const fs::path& file, size_t size, char fill) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    const std::string block(size, fill);
    out.write(block.data(), static_cast<std::streamsize>(block.size()));
}

// Calls of the progress callback: modelHash calls it after every MiB read, a cache hit never.
struct Reads {
    int calls = 0;
    HashProgress fn() {
        return [this](uint64_t, uint64_t) {
            ++calls;
            return true;
        };
    }
};
} // namespace

class TestHashCache : public QObject {
    Q_OBJECT
    test::TempDir m_tmp;
    fs::path m_model;

    // A model folder of two 2 MiB shards and a config (hash input), plus a file it ignores.
    fs::path freshModel(const std::string& name) {
        const auto dir = m_tmp.path() / name;
        fs::create_directories(dir);
        writeBytes(dir / "config.json", 20, '{');
        writeBytes(dir / "model-00001-of-00002.safetensors", 2 << 20, 'a');
        writeBytes(dir / "model-00002-of-00002.safetensors", 2 << 20, 'b');
        writeBytes(dir / "README.md", 10, 'r');
        return dir;
    }

private Q_SLOTS:
    void init() { qputenv("AUDITGAP_CACHE_DIR", QByteArray::fromStdString((m_tmp.path() / "cache").string())); }

    void aHitEqualsTheHashAndReadsNothing() {
        const auto dir = freshModel("hit");
        QVERIFY(!lookUpModelHash(dir).has_value());
        Reads first;
        const std::string h = cachedModelHash(dir, first.fn());
        QCOMPARE(h, modelHash(dir));
        QVERIFY(first.calls >= 4); // 4 MiB of shards were read
        Reads second;
        QCOMPARE(cachedModelHash(dir, second.fn()), h);
        QCOMPARE(second.calls, 0);
        QCOMPARE(lookUpModelHash(dir).value_or(""), h);
        // Reached through another spelling of the same folder.
        QCOMPARE(lookUpModelHash(dir / "." / "").value_or(""), h);
        const auto cache = readJsonFile(hashCacheFile());
        QCOMPARE(cache.at("models").size(), size_t(1));
        QCOMPARE(cache.at("models").begin()->at("files").size(), size_t(3)); // config + 2 shards, not README
    }

    void aChangedFileIsHashedAgain() {
        const auto dir = freshModel("changed");
        const auto shard = dir / "model-00002-of-00002.safetensors";
        const std::string before = cachedModelHash(dir);
        // Same size, new bytes, a later time.
        const auto t = fs::last_write_time(shard);
        writeBytes(shard, 2 << 20, 'c');
        fs::last_write_time(shard, t + std::chrono::seconds(5));
        QVERIFY(!lookUpModelHash(dir).has_value());
        Reads again;
        const std::string after = cachedModelHash(dir, again.fn());
        QVERIFY(after != before);
        QCOMPARE(after, modelHash(dir));
        QVERIFY(again.calls > 0);
    }

    void aReplacedFileWithTheSameTimeIsHashedAgain() {
        const auto dir = freshModel("replaced");
        const auto shard = dir / "model-00001-of-00002.safetensors";
        const std::string before = cachedModelHash(dir);
        // Another file (another inode) of the same size and time renamed over the shard.
        const auto t = fs::last_write_time(shard);
        const auto other = dir / "incoming.tmp";
        writeBytes(other, 2 << 20, 'z');
        fs::last_write_time(other, t);
        fs::rename(other, shard);
        QCOMPARE(fs::last_write_time(shard), t);
        const std::string after = cachedModelHash(dir);
        QVERIFY(after != before);
        QCOMPARE(after, modelHash(dir));
    }

    void anAddedShardIsHashedAgain() {
        const auto dir = freshModel("added");
        const std::string before = cachedModelHash(dir);
        writeBytes(dir / "extra.safetensors", 100, 'x');
        QVERIFY(!lookUpModelHash(dir).has_value());
        const std::string after = cachedModelHash(dir);
        QVERIFY(after != before);
        QCOMPARE(after, modelHash(dir));
    }

    void aSingleFileIsCachedToo() {
        const auto file = m_tmp.path() / "reward.safetensors";
        writeBytes(file, 3 << 20, 'q');
        QCOMPARE(cachedModelHash(file), Sha256::ofFile(file));
        QCOMPARE(lookUpModelHash(file).value_or(""), Sha256::ofFile(file));
    }

    void aCorruptCacheIsRewritten() {
        const auto dir = freshModel("corrupt");
        const auto file = hashCacheFile();
        fs::create_directories(file.parent_path());
        for (const std::string text : {"{\"version\": 1, \"models\": {", "[1,2]", "{\"version\":1,\"models\":{\"x\":7}}"}) {
            std::ofstream(file, std::ios::trunc) << text;
            QVERIFY(!lookUpModelHash(dir).has_value());
            QCOMPARE(cachedModelHash(dir), modelHash(dir));
            QCOMPARE(lookUpModelHash(dir).value_or(""), modelHash(dir)); // valid again
        }
        // An entry without its hash is no hit.
        auto j = readJsonFile(file);
        j["models"].begin()->erase("sha256");
        std::ofstream(file, std::ios::trunc) << j.dump();
        QVERIFY(!lookUpModelHash(dir).has_value());
    }

    void anUnwritableCacheStillHashes() {
        const auto blocker = m_tmp.path() / "not-a-folder";
        writeBytes(blocker, 1, 'x');
        qputenv("AUDITGAP_CACHE_DIR", QByteArray::fromStdString((blocker / "cache").string()));
        const auto dir = freshModel("unwritable");
        QCOMPARE(cachedModelHash(dir), modelHash(dir));
        QVERIFY(!lookUpModelHash(dir).has_value());
    }

    void aMissingFolderNamesIt() {
        const auto missing = m_tmp.path() / "no-such-model";
        try {
            cachedModelHash(missing);
            QFAIL("a missing model folder was hashed");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("no-such-model") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestHashCache)
#include "tst_hash_cache.moc"
