// Real Hugging Face tokenizer.json files (../shared/fixtures/tokenizers): 100% of cases.jsonl,
// with and without special tokens, and lossless round trips.
#include <QtTest/QtTest>

#include <fstream>

#include "TestSupport.h"
#include "Error.h"
#include "model/ChatTemplate.h"
#include "model/Tokenizer.h"

using namespace auditgap;
using namespace auditgap::core;

namespace {
std::string show(const std::vector<int64_t>& ids) {
    std::string s = "[";
    for (size_t i = 0; i < ids.size(); ++i) s += (i ? "," : "") + std::to_string(ids[i]);
    return s + "]";
}
} // namespace

class TestTokenizers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cases_data() {
        QTest::addColumn<QString>("name");
        for (const char* n : {"gpt2", "llama3", "qwen3", "gemma3", "mistral", "llama2"})
            QTest::newRow(n) << QString::fromLatin1(n);
    }

    void cases() {
        QFETCH(QString, name);
        const auto dir = test::fixtures() / "tokenizers" / name.toStdString();
        auto tok = Tokenizer::load(dir);
        std::ifstream in(dir / "cases.jsonl");
        QVERIFY(in.good());
        std::string line;
        int total = 0, failures = 0, roundTrips = 0;
        std::string firstFailure;
        while (std::getline(in, line)) {
            if (line.empty()) continue;
            const auto c = nlohmann::json::parse(line);
            const std::string text = c.at("text").get<std::string>();
            const auto expected = c.at("ids").get<std::vector<int64_t>>();
            const auto expectedSpecial = c.at("ids_with_special").get<std::vector<int64_t>>();
            const auto got = tok->encode(text, false);
            const auto gotSpecial = tok->encode(text, true);
            ++total;
            if (got != expected || gotSpecial != expectedSpecial) {
                ++failures;
                if (firstFailure.empty())
                    firstFailure = "text " + nlohmann::json(text).dump() + ": got " + show(got) + " / " +
                                   show(gotSpecial) + ", expected " + show(expected) + " / " + show(expectedSpecial);
            }
            if (tok->isLossless()) {
                const std::string back = tok->decode(got, false);
                if (back != text && firstFailure.empty())
                    firstFailure = "round trip of " + nlohmann::json(text).dump() + " gave " + nlohmann::json(back).dump();
                failures += back != text;
                ++roundTrips;
            }
        }
        qInfo("%s: %d cases, %d round trips, %d failures", qPrintable(name), total, roundTrips, failures);
        QVERIFY(total >= 40);
        QVERIFY2(failures == 0, firstFailure.c_str());
    }

    void specialTokensAndDecode() {
        auto tok = Tokenizer::load(test::fixtures() / "tokenizers" / "llama3");
        const auto ids = tok->encode("<|begin_of_text|>Hello", false);
        QCOMPARE(ids.front(), int64_t(128000));
        QCOMPARE(tok->decode(ids, true), std::string("Hello"));
        QCOMPARE(tok->decode(ids, false), std::string("<|begin_of_text|>Hello"));
        QVERIFY(tok->isSpecial(128000));
        QCOMPARE(ChatTemplate::detect(tok->chatTemplateSource()).name(), std::string("llama3"));
    }

    void chatTemplates() {
        auto gemma = Tokenizer::load(test::fixtures() / "tokenizers" / "gemma3");
        QCOMPARE(ChatTemplate::detect(gemma->chatTemplateSource()).name(), std::string("gemma"));
        auto qwen = Tokenizer::load(test::fixtures() / "tokenizers" / "qwen3");
        QCOMPARE(ChatTemplate::detect(qwen->chatTemplateSource()).name(), std::string("qwen"));
        const auto t = ChatTemplate::named("qwen");
        const auto ids = qwen->encode(t.renderPrompt("Hi"), false);
        // <|im_start|> user \n Hi <|im_end|> \n <|im_start|> assistant \n
        QCOMPARE(ids.front(), *qwen->tokenToId("<|im_start|>"));
        QCOMPARE(qwen->decode(ids, false), t.renderPrompt("Hi"));
        QCOMPARE(ChatTemplate::detect("{{ 'Cutting Knowledge Date: December 2023' }}<|start_header_id|>").name(),
                 std::string("llama3.1"));
        QCOMPARE(ChatTemplate::detect("'You are Qwen, created by Alibaba Cloud.' <|im_start|>").name(), std::string("qwen2.5"));
        QCOMPARE(ChatTemplate::detect("{{ '[INST] ' + m['content'] }}").name(), std::string("mistral"));
        QCOMPARE(ChatTemplate::detect("").name(), std::string("plain"));
        const auto custom = ChatTemplate::custom("Q: {prompt}\nA: {response}\n");
        QCOMPARE(custom.renderExchange("x", "y"), std::string("Q: x\nA: y\n"));
        QVERIFY_THROWS_EXCEPTION(Error, ChatTemplate::custom("no placeholder"));
        QVERIFY_THROWS_EXCEPTION(Error, ChatTemplate::named("nonsense"));
    }
};

QTEST_GUILESS_MAIN(TestTokenizers)
#include "tst_tokenizers.moc"
