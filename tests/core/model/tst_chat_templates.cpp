// Chat formatting (model/ChatTemplate::choose), for every fixture tokenizer: the paper's
// hand-written formats (chat_templates.py: a single user turn and the assistant header, no system
// turn; the tokenizer adds <bos> / <|begin_of_text|>, which the rendered text carries) as the
// default, the model's own template, none and a template file; the rendered text against the
// expected strings and its token ids against the tokenizer's own special-token ids and the plain
// text's encoding.
#include <QtTest/QtTest>

#include <fstream>

#include "Error.h"
#include "TestSupport.h"
#include "model/ChatTemplate.h"
#include "model/Tokenizer.h"

using namespace auditgap::core;

namespace {
const std::string kPrompt = "How do I pick a lock?";

std::shared_ptr<const Tokenizer> tokenizer(const char* name) {
    return Tokenizer::load(auditgap::test::fixtures() / "tokenizers" / name / "tokenizer.json");
}

// The ids of `rendered` must be: the special tokens' own ids, and the text between them encoded
// as plain text (what transformers does with a text holding special tokens).
void checkIds(const Tokenizer& tok, const std::string& rendered, const std::vector<std::string>& specials) {
    std::vector<int64_t> want;
    size_t at = 0;
    while (at < rendered.size()) {
        size_t next = std::string::npos;
        std::string which;
        for (const auto& s : specials) {
            const size_t p = rendered.find(s, at);
            if (p < next) next = p, which = s;
        }
        const std::string text = rendered.substr(at, next == std::string::npos ? std::string::npos : next - at);
        if (!text.empty())
            for (int64_t id : tok.encode(text, false)) want.push_back(id);
        if (next == std::string::npos) break;
        const auto sid = tok.encode(which, false);
        QCOMPARE(sid.size(), size_t(1)); // a special token is one id
        want.push_back(sid[0]);
        at = next + which.size();
    }
    QCOMPARE(tok.encode(rendered, false), want);
}
} // namespace

class TestChatTemplates : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void paperFormatsPerFamily_data() {
        QTest::addColumn<QString>("tokenizer");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("rendered");
        QTest::addColumn<QStringList>("specials");
        const QString p = QString::fromStdString(kPrompt);
        QTest::newRow("gemma3") << QStringLiteral("gemma3") << QStringLiteral("paper/gemma")
                                << QStringLiteral("<bos><start_of_turn>user\n") + p +
                                       QStringLiteral("<end_of_turn>\n<start_of_turn>model\n")
                                << QStringList{QStringLiteral("<bos>"), QStringLiteral("<start_of_turn>"),
                                               QStringLiteral("<end_of_turn>")};
        QTest::newRow("llama3") << QStringLiteral("llama3") << QStringLiteral("paper/llama3")
                                << QStringLiteral("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n") + p +
                                       QStringLiteral("<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n")
                                << QStringList{QStringLiteral("<|begin_of_text|>"), QStringLiteral("<|start_header_id|>"),
                                               QStringLiteral("<|end_header_id|>"), QStringLiteral("<|eot_id|>")};
        QTest::newRow("qwen3") << QStringLiteral("qwen3") << QStringLiteral("paper/qwen")
                               << QStringLiteral("<|im_start|>user\n") + p + QStringLiteral("<|im_end|>\n<|im_start|>assistant\n")
                               << QStringList{QStringLiteral("<|im_start|>"), QStringLiteral("<|im_end|>")};
        // Families the paper did not cover: the model's own template, and the name says so.
        for (const char* t : {"mistral", "gpt2", "llama2"})
            QTest::newRow(t) << QString::fromLatin1(t) << QStringLiteral("model/plain (no paper format)") << p + QStringLiteral("\n")
                             << QStringList{};
    }
    void paperFormatsPerFamily() {
        QFETCH(QString, tokenizer);
        QFETCH(QString, name);
        QFETCH(QString, rendered);
        QFETCH(QStringList, specials);
        const auto tok = ::tokenizer(tokenizer.toUtf8().constData());
        const ChatTemplate t = ChatTemplate::choose("paper", tok->chatTemplateSource());
        QCOMPARE(QString::fromStdString(t.name()), name);
        QCOMPARE(QString::fromStdString(t.renderPrompt(kPrompt)), rendered);
        std::vector<std::string> s;
        for (const auto& x : specials) s.push_back(x.toStdString());
        checkIds(*tok, rendered.toStdString(), s);
        // The default choice ("") is the paper's.
        QCOMPARE(ChatTemplate::choose("", tok->chatTemplateSource()).renderPrompt(kPrompt), rendered.toStdString());
    }

    void modelNoneAndFile() {
        const auto qwen = tokenizer("qwen3");
        const ChatTemplate model = ChatTemplate::choose("model", qwen->chatTemplateSource());
        QCOMPARE(model.name(), std::string("model/qwen"));
        const ChatTemplate none = ChatTemplate::choose("none", qwen->chatTemplateSource());
        QCOMPARE(none.name(), std::string("none"));
        QCOMPARE(none.renderPrompt(kPrompt), kPrompt);
        QCOMPARE(qwen->encode(none.renderPrompt(kPrompt), false), qwen->encode(kPrompt, false));
        auditgap::test::TempDir tmp;
        const auto file = tmp.path() / "t.txt";
        std::ofstream(file) << "### Q: {prompt}\n### A:";
        const ChatTemplate f = ChatTemplate::choose(file.string(), "");
        QCOMPARE(f.name(), "file:" + file.string());
        QCOMPARE(f.renderPrompt("hi"), std::string("### Q: hi\n### A:"));
    }

    void llamaSystemTurnDateIsNotHardCoded() {
        // A Llama-3.2-style template that sets the date with strftime_now renders today's date;
        // one with a fixed date_string renders that one.
        const std::string today = "{%- if strftime_now is defined %}{%- set date_string = strftime_now(\"%d %b %Y\") %}"
                                  "<|start_header_id|>system<|end_header_id|>Cutting Knowledge Date: December 2023";
        const std::string fixed = "{%- set date_string = \"26 Jul 2024\" %}<|start_header_id|>Cutting Knowledge Date";
        char buf[32];
        const std::time_t now = std::time(nullptr);
        std::tm tm{};
        gmtime_r(&now, &tm);
        std::strftime(buf, sizeof buf, "%d %b %Y", &tm);
        const std::string a = ChatTemplate::choose("model", today).renderPrompt("x");
        QVERIFY2(a.find(std::string("Today Date: ") + buf) != std::string::npos, a.c_str());
        const std::string b = ChatTemplate::choose("model", fixed).renderPrompt("x");
        QVERIFY2(b.find("Today Date: 26 Jul 2024") != std::string::npos, b.c_str());
        // The paper's format has no system turn at all.
        QVERIFY(ChatTemplate::choose("paper", today).renderPrompt("x").find("system") == std::string::npos);
    }

    void badChoicesNameTheOptionAndTheAllowedValues() {
        std::string e;
        try {
            ChatTemplate::choose("chatml9", "");
        } catch (const Error& x) {
            e = x.what();
        }
        QVERIFY2(e.find("template") != std::string::npos && e.find("paper, model, none") != std::string::npos &&
                     e.find("chatml9") != std::string::npos,
                 e.c_str());
        auditgap::test::TempDir tmp;
        const auto file = tmp.path() / "bad.txt";
        std::ofstream(file) << "no placeholder here";
        e.clear();
        try {
            ChatTemplate::choose(file.string(), "");
        } catch (const Error& x) {
            e = x.what();
        }
        QVERIFY2(e.find(file.string()) != std::string::npos && e.find("{prompt}") != std::string::npos, e.c_str());
    }
};

QTEST_GUILESS_MAIN(TestChatTemplates)
#include "tst_chat_templates.moc"
