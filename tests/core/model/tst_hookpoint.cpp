// HookPoint: the one parse/format of hook points (CLI flags, CSV/JSON columns, sessions,
// labels), layer specs, the workbench's ordinal axis, and the errors of bad names.
#include <QtTest/QtTest>

#include "Error.h"
#include "TestSupport.h"
#include "model/HookPoint.h"

using namespace auditgap::core;

namespace {
std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}
std::vector<std::string> names(const std::vector<HookPoint>& hooks) {
    std::vector<std::string> out;
    for (HookPoint h : hooks) out.push_back(h.name());
    return out;
}
} // namespace

class TestHookPoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void namesRoundTrip() {
        QCOMPARE(HookPoint::embedding().name(), std::string("embedding"));
        QCOMPARE(HookPoint::embeddingScaled().name(), std::string("embedding_scaled"));
        QCOMPARE(HookPoint::block(7).name(), std::string("7"));
        QCOMPARE(HookPoint::embedding().code(), kHookEmbedTokens);
        QCOMPARE(HookPoint::embeddingScaled().code(), kHookEmbedding);
        for (HookPoint h : {HookPoint::embedding(), HookPoint::embeddingScaled(), HookPoint::block(0), HookPoint::block(41)}) {
            QVERIFY(HookPoint::parse(h.name()) == h);
            QVERIFY(HookPoint::parse(h.name(), 42) == h);
            QVERIFY(HookPoint::fromCode(h.code()) == h);
        }
        QCOMPARE(HookPoint::embedding().label(), std::string("emb"));
        QCOMPARE(HookPoint::block(3).label(), std::string("3"));
        QVERIFY(HookPoint() == HookPoint::embedding());
    }

    void orderAndOrdinal() {
        QVERIFY(HookPoint::embedding() < HookPoint::embeddingScaled());
        QVERIFY(HookPoint::embeddingScaled() < HookPoint::block(0));
        QVERIFY(HookPoint::block(2) < HookPoint::block(10)); // numeric, not text order
        for (int o = 0; o < 30; ++o) QCOMPARE(HookPoint::fromOrdinal(o).ordinal(), o);
        QCOMPARE(HookPoint::fromOrdinal(0).name(), std::string("embedding"));
        QCOMPARE(HookPoint::fromOrdinal(5).name(), std::string("4"));
        QCOMPARE(HookPoint::embeddingScaled().ordinal(), -1); // not on the workbench's axis
    }

    void badNamesSayWhatWasExpected_data() {
        QTest::addColumn<QString>("text");
        for (const char* t : {"8", "-1", "3x", "", " 3", "+3", "emb", "99999999999"})
            QTest::newRow(t) << QString::fromLatin1(t);
    }
    void badNamesSayWhatWasExpected() {
        QFETCH(QString, text);
        const std::string e = errorOf([&] { HookPoint::parse(text.toStdString(), 8); });
        QVERIFY2(e.find("layer") != std::string::npos && e.find("0..7") != std::string::npos, e.c_str());
        QVERIFY2(e.find("'" + text.toStdString() + "'") != std::string::npos, e.c_str());
        if (text != QStringLiteral("8")) {
            const std::string any = errorOf([&] { HookPoint::parse(text.toStdString()); });
            QVERIFY2(any.find("block index") != std::string::npos, any.c_str());
        }
        QVERIFY(errorOf([] { HookPoint::block(-1); }).find("layer") != std::string::npos);
        QVERIFY(errorOf([] { HookPoint::fromCode(-3); }).find("layer") != std::string::npos);
        QVERIFY(errorOf([] { HookPoint::block(8).requireIn(8); }).find("0..7") != std::string::npos);
        QVERIFY(errorOf([] { HookPoint::block(7).requireIn(8); }).empty());
    }

    void layerSpecs() {
        using V = std::vector<std::string>;
        QCOMPARE(names(HookPoint::resolve("all", 3)), (V{"embedding", "0", "1", "2"}));
        // The paper's parse_layers: sorted(set(range(0, n, k)) | {round(0.5 n)}).
        QCOMPARE(names(HookPoint::resolve("stride:4", 10)), (V{"embedding", "0", "4", "5", "8"}));
        QCOMPARE(names(HookPoint::resolve("stride:2", 5)), (V{"embedding", "0", "2", "4"})); // round(2.5) = 2
        QCOMPARE(names(HookPoint::resolve("stride:4", 26)), (V{"embedding", "0", "4", "8", "12", "13", "16", "20", "24"})); // Gemma-2-2B
        QCOMPARE(names(HookPoint::resolve("stride:4", 28)), (V{"embedding", "0", "4", "8", "12", "14", "16", "20", "24"})); // Llama-3.2-3B
        QCOMPARE(HookPoint::resolve("stride:4", 36).size(), size_t(1 + 9 + 1)); // Qwen2.5-3B: 0..32 by 4, and 18
        QCOMPARE(names(HookPoint::resolve("mid", 10)), (V{"4", "5", "6"}));
        QCOMPARE(names(HookPoint::resolve("mid", 26)), (V{"10", "11", "12", "13", "14", "15", "16"}));
        QCOMPARE(names(HookPoint::resolve("4,embedding,4,,2", 8)), (V{"4", "embedding", "2"}));
        QVERIFY(errorOf([] { HookPoint::resolve("stride:0", 8); }).find("stride:k needs k >= 1") != std::string::npos);
        QVERIFY(errorOf([] { HookPoint::resolve("stride:x", 8); }).find("stride") != std::string::npos);
        QVERIFY(errorOf([] { HookPoint::resolve(",", 8); }).find("no layers selected") != std::string::npos);
        QVERIFY(errorOf([] { HookPoint::resolve("embedding,9", 8); }).find("0..7") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestHookPoint)
#include "tst_hookpoint.moc"
