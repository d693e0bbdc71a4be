// Every fuzz seed — the project's own (tests/fuzz/corpus) and the real files of
// ../shared/fixtures each target parses — and every input that once crashed a fuzzer
// (tests/fuzz/regressions) replayed through the fuzz targets in the normal build: each must
// end in acceptance or in a core::Error, never in another
// exception, a crash or a broken round trip (the targets abort on those). The seeds must
// also be worth fuzzing from: at least one per target is accepted.
#include <QtTest/QtTest>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "FuzzTargets.h"
#include "TestSupport.h"

namespace fs = std::filesystem;

class TestFuzzRegressions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void replay_data() {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("file");
        const char* dirEnv = std::getenv("AUDITGAP_FUZZ_DIR"); // tests/fuzz (CTest sets it)
        QVERIFY2(dirEnv, "AUDITGAP_FUZZ_DIR is not set (CTest sets it)");
        const fs::path base = fs::path(dirEnv);
        for (const auto& t : auditgap::fuzz::targets())
            for (const char* kind : {"corpus", "regressions"}) {
                const fs::path dir = base / kind / t.name;
                if (!fs::is_directory(dir))
                    continue;
                for (const auto& f : fs::directory_iterator(dir))
                    QTest::newRow((std::string(t.name) + "/" + kind + "/" + f.path().filename().string()).c_str())
                        << QString::fromLatin1(t.name) << QString::fromStdString(f.path().string());
            }
        // The fixtures themselves (seeds too: the fuzzers start from cut-down copies of them).
        const fs::path fx = auditgap::test::fixtures();
        auto add = [](const char* target, const fs::path& file) {
            QTest::newRow((std::string(target) + "/fixture/" + file.parent_path().filename().string() + "/" +
                           file.filename().string())
                              .c_str())
                << QString::fromLatin1(target) << QString::fromStdString(file.string());
        };
        for (const auto& model : fs::directory_iterator(fx / "hf-tiny")) {
            add("config", model.path() / "config.json");
            for (const auto& f : fs::directory_iterator(model.path())) {
                const std::string name = f.path().filename().string();
                if (name.size() > 12 && name.substr(name.size() - 12) == ".safetensors")
                    add("safetensors", f.path());
                if (name == "model.safetensors.index.json")
                    add("safetensors_index", f.path());
            }
        }
        add("config", fx / "models" / "stories260K" / "config.json");
        add("tokenizer", fx / "models" / "stories260K" / "tokenizer.json");
        for (const auto& t : fs::directory_iterator(fx / "tokenizers"))
            add("tokenizer", t.path() / "tokenizer.json");
    }

    void replay() {
        QFETCH(QString, target);
        QFETCH(QString, file);
        const std::string bytes = auditgap::test::readFile(file.toStdString());
        for (const auto& t : auditgap::fuzz::targets()) {
            if (target != QLatin1String(t.name))
                continue;
            try {
                if (t.run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()) &&
                    !file.contains(QLatin1String("/regressions/")))
                    m_accepted[t.name] += 1;
            } catch (const std::exception& e) {
                QFAIL(qPrintable(QStringLiteral("%1: an exception other than core::Error escaped: %2").arg(file, QString::fromUtf8(e.what()))));
            }
            return;
        }
        QFAIL("unknown target");
    }

    void everyTargetHasAnAcceptedSeed() {
        for (const auto& t : auditgap::fuzz::targets())
            QVERIFY2(m_accepted[t.name] >= 1, t.name);
    }

private:
    std::map<std::string, int> m_accepted;
};

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzz_regressions.moc"
