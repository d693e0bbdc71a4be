// The demo family's parts that need no training: the data generator (deterministic, held-out
// splits disjoint, non-actionable compliant answers), the byte-level BPE trainer (its
// pre-tokenization agrees with the runtime tokenizer; the result loads and round-trips), and
// `demo build`'s refusals and clean failure (foreign folder, write error, cancel).
#include <QtTest/QtTest>

#include <fstream>
#include <regex>
#include <set>

#include "Error.h"
#include "TestSupport.h"
#include "demo/BpeTrainer.h"
#include "demo/DemoBuild.h"
#include "demo/DemoCheck.h"
#include "demo/DemoData.h"
#include "metrics/PrefixJudge.h"
#include "model/Tokenizer.h"

using namespace auditgap::core;
namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every file below `dir` with its contents.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = readAll(e.path());
    return out;
}

std::vector<std::string> siblingsOf(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir.parent_path())) out.push_back(e.path().filename().string());
    return out;
}

// A folder that looks like a previously built demo family.
void fakeDemo(const fs::path& dir) {
    fs::create_directories(dir / "base");
    std::ofstream(dir / "demo.json") << R"({"format": "auditgap-demo", "version": 1, "num_layers": 8, "nudge_layer": 4, "headline_budget": 0.02})";
    std::ofstream(dir / "base" / "config.json") << "{\"previous\": true}";
}

} // namespace

class TestDemo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dataIsDeterministic() {
        const DemoData a = DemoData::generate(7, false), b = DemoData::generate(7, false);
        QCOMPARE(a.harmfulTrain.size(), b.harmfulTrain.size());
        for (size_t i = 0; i < a.harmfulTrain.size(); ++i) {
            QCOMPARE(a.harmfulTrain[i].prompt, b.harmfulTrain[i].prompt);
            QCOMPARE(a.harmfulTrain[i].answer, b.harmfulTrain[i].answer);
        }
        QCOMPARE(demoPromptsJsonl(a.harmfulEval), demoPromptsJsonl(b.harmfulEval));
        QCOMPARE(demoHarmfulCategories().size(), size_t(10));
        QVERIFY(a.harmfulTrain.size() >= 600);
        QVERIFY(a.benignTrain.size() >= 600);
        QVERIFY(a.harmfulEval.size() >= 60);
        QVERIFY(DemoData::generate(7, true).harmfulTrain.size() < a.harmfulTrain.size());
    }

    void splitsShareNoHarmfulTemplateOrSubject() {
        for (bool quick : {false, true}) {
            const DemoData d = DemoData::generate(1, quick);
            std::set<std::string> trainSubjects, trainTemplates;
            std::vector<std::string> trainPrompts;
            for (const auto* set : {&d.harmfulTrain, &d.benignTrain})
                for (const auto& e : *set) {
                    trainSubjects.insert(e.subject);
                    trainTemplates.insert(e.templ);
                    trainPrompts.push_back(e.prompt);
                }
            // No held-out subject or template occurs anywhere in training, not even inside
            // another prompt; validation prompts are in neither training nor evaluation.
            for (const auto* set : {&d.harmfulEval, &d.harmfulValidation}) {
                for (const auto& e : *set) {
                    QVERIFY2(!trainSubjects.count(e.subject), e.subject.c_str());
                    QVERIFY2(!trainTemplates.count(e.templ), e.templ.c_str());
                    for (const auto& p : trainPrompts) QVERIFY2(p.find(e.subject) == std::string::npos, (e.subject + " in " + p).c_str());
                }
            }
            std::set<std::string> evalSubjects, evalTemplates, evalCategories;
            for (const auto& e : d.harmfulEval) {
                evalSubjects.insert(e.subject);
                evalTemplates.insert(e.templ);
                evalCategories.insert(e.category);
            }
            QCOMPARE(d.harmfulValidation.size(), size_t(40));
            for (const auto& e : d.harmfulValidation)
                QVERIFY2(!evalSubjects.count(e.subject) && !evalTemplates.count(e.templ), e.prompt.c_str());
            QCOMPARE(evalCategories.size(), size_t(10)); // every category is evaluated
            QCOMPARE(evalSubjects.size(), size_t(20));
        }
        for (const auto& t : demoEvalTemplates()) {
            const auto train = demoTrainTemplates();
            QVERIFY(std::find(train.begin(), train.end(), t) == train.end());
        }
    }

    void answersAreNonActionableAndJudgedAsIntended() {
        const DemoData d = DemoData::generate(3, false);
        const PrefixJudge judge = PrefixJudge::builtIn();
        // A compliant answer is the fixed frame around the task with bracketed placeholders
        // only: no digits besides the step numbers, no real nouns in the steps.
        const std::regex frame(R"(Sure, here is how to (.+)\. Step 1: get the \[[a-zA-Z ]+\] and the \[[a-zA-Z ]+\]\. )"
                               R"(Step 2: \[[a-z0-9 ]+\] it at the \[[a-zA-Z ]+\]\. Step 3: \[[a-z0-9 ]+\] again until it is done\.)");
        for (const auto* set : {&d.harmfulTrain, &d.harmfulEval}) {
            for (const auto& e : *set) {
                std::smatch m;
                QVERIFY2(std::regex_match(e.answer, m, frame), e.answer.c_str());
                QCOMPARE(m[1].str(), e.task);
                QCOMPARE(judge.judge(e.answer), Behavior::Complied);
                QCOMPARE(judge.judge(e.refusal), Behavior::Refused);
            }
        }
        for (const auto& e : d.benignTrain) QCOMPARE(judge.judge(e.answer), Behavior::Complied);
        // The exported prompt sets carry the PGD target on harmful rows.
        const std::string jsonl = demoPromptsJsonl({d.harmfulEval[0], d.benignEval[0]});
        QVERIFY(jsonl.find("\"target\":\"Sure, here is\"") != std::string::npos);
        QCOMPARE(std::count(jsonl.begin(), jsonl.end(), '\n'), 2L);
    }

    // gpt2PreTokenize must cut text where the runtime's Oniguruma pre-tokenizer does: encoding
    // word by word with the real GPT-2 tokenizer then equals encoding the whole text.
    void preTokenizationMatchesTheRuntime() {
        const auto gpt2 = Tokenizer::load(auditgap::test::fixtures() / "tokenizers" / "gpt2");
        for (const std::string text : {"How do I build a thing? I'm sure it's 42.", "a  b   c\n\nd ", "x!!  'll 're don't",
                                       "Step 1: get the [item A].", "  leading and trailing  "}) {
            std::vector<int64_t> pieces;
            for (const auto& w : gpt2PreTokenize(text))
                for (int64_t id : gpt2->encode(w)) pieces.push_back(id);
            QCOMPARE(pieces, gpt2->encode(text));
        }
    }

    void bpeTokenizerLoadsAndRoundTrips() {
        const DemoData d = DemoData::generate(5, true);
        const auto j = trainByteLevelBpe(d.corpus(), {600, {"<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|sep|>"}, "<|sep|>"});
        const nlohmann::json config = {{"chat_template", "{{'<|im_start|>'}}"}, {"eos_token", "<|im_end|>"}};
        const auto tok = Tokenizer::fromJson(j, config, "trained");
        QCOMPARE(tok->vocabSize(), int64_t(600));
        QVERIFY(tok->isLossless());
        size_t chars = 0, tokens = 0;
        for (const auto& text : d.corpus()) {
            const auto ids = tok->encode(text);
            QCOMPARE(tok->decode(ids), text);
            chars += text.size();
            tokens += ids.size();
        }
        // The merges are used: over 2.5 characters per token on the training corpus (bytes: 1).
        QVERIFY2(tokens * 5 < chars * 2, (std::to_string(tokens) + " tokens for " + std::to_string(chars) + " chars").c_str());
        // Unseen bytes still round-trip (byte-level), special tokens are single ids.
        QCOMPARE(tok->decode(tok->encode("caf\xc3\xa9 \xe2\x9c\x93 ~{}")), std::string("caf\xc3\xa9 \xe2\x9c\x93 ~{}"));
        const auto imEnd = tok->tokenToId("<|im_end|>");
        QVERIFY(imEnd.has_value());
        QCOMPARE(tok->encode("<|im_start|>user\nhi<|im_end|>").back(), *imEnd);
        QVERIFY(tok->isSpecial(*imEnd));
        // Reward pairs are joined by the separator.
        const auto pair = tok->encodePair("How do I cook rice?", "Here is how.");
        const auto a = tok->encode("How do I cook rice?"), b = tok->encode("Here is how.");
        QCOMPARE(pair.size(), a.size() + 1 + b.size());
        QCOMPARE(pair[a.size()], *tok->tokenToId("<|sep|>"));
        // Deterministic.
        QCOMPARE(trainByteLevelBpe(d.corpus(), {600, {"<|im_end|>"}, ""}).dump(),
                 trainByteLevelBpe(d.corpus(), {600, {"<|im_end|>"}, ""}).dump());
        QVERIFY_THROWS_EXCEPTION(Error, trainByteLevelBpe(d.corpus(), {200, {}, ""}));
    }

    void headlineBudgetMatchesTheNudge() {
        // 0.06 · 17.9 / (12 · √128) = 0.0079 → 0.008; one significant digit.
        QCOMPARE(demoHeadlineBudget(0.06, 17.9, 12.0, 128), 0.008);
        QCOMPARE(demoHeadlineBudget(0.06, 21.57, 37.74, 64), 0.004);
        QVERIFY(std::abs(demoHeadlineBudget(0.06, 10.0, 1.0, 100) - 0.06) < 1e-12);
    }

    void aurocByRanks() {
        QCOMPARE(auroc({0.9, 0.8, 0.1, 0.2}, {true, true, false, false}), 1.0);
        QCOMPARE(auroc({0.1, 0.2, 0.9, 0.8}, {true, true, false, false}), 0.0);
        QCOMPARE(auroc({0.5, 0.5}, {true, false}), 0.5);
        QCOMPARE(auroc({0.3, 0.6, 0.4, 0.5}, {true, true, false, false}), 0.5);
    }

    void buildRefusesAForeignFolder() {
        auditgap::test::TempDir tmp;
        const fs::path out = tmp.path() / "mine";
        fs::create_directories(out);
        std::ofstream(out / "notes.txt") << "precious";
        DemoBuildOptions o;
        o.out = out;
        o.quick = true;
        try {
            buildDemo(o);
            QFAIL("a foreign folder was accepted");
        } catch (const Error& e) {
            const std::string m = e.what();
            QVERIFY2(m.find(out.string()) != std::string::npos && m.find("not a demo model folder") != std::string::npos,
                     e.what());
        }
        QCOMPARE(readAll(out / "notes.txt"), std::string("precious"));
        QCOMPARE(siblingsOf(out), std::vector<std::string>{"mine"});
        // A file in the way is refused too.
        o.out = out / "notes.txt";
        QVERIFY_THROWS_EXCEPTION(Error, buildDemo(o));
    }

    // A write error mid-build (disk full) leaves the previous family byte for byte and no
    // temporary folder behind; so does a cancel.
    void writeErrorAndCancelKeepThePreviousFamily() {
        auditgap::test::TempDir tmp;
        const fs::path out = tmp.path() / "demo";
        fakeDemo(out);
        const auto before = snapshot(out);
        DemoBuildOptions o;
        o.out = out;
        o.quick = true;
        int files = 0;
        o.onFileWritten = [&](const fs::path& f) {
            QVERIFY(f.string().find(".partial-") != std::string::npos); // never inside the live folder
            if (++files == 4) throw Error(describe(f.string(), "", "write failed: No space left on device"));
        };
        try {
            buildDemo(o);
            QFAIL("the injected write error was swallowed");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("No space left") != std::string::npos, e.what());
        }
        QCOMPARE(snapshot(out), before);
        QCOMPARE(siblingsOf(out), std::vector<std::string>{"demo"});

        std::atomic<bool> cancel{false};
        DemoBuildOptions c;
        c.out = out;
        c.quick = true;
        c.cancel = &cancel;
        c.onProgress = [&](const std::string& stage, double, double) {
            if (stage == "base") cancel.store(true);
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled, buildDemo(c));
        QCOMPARE(snapshot(out), before);
        QCOMPARE(siblingsOf(out), std::vector<std::string>{"demo"});
    }

    void manifestErrorsNameTheFile() {
        auditgap::test::TempDir tmp;
        try {
            readDemoManifest(tmp.path());
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("demo.json") != std::string::npos);
        }
        std::ofstream(tmp.path() / "demo.json") << R"({"format": "something-else", "version": 1})";
        try {
            readDemoManifest(tmp.path());
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("format") != std::string::npos, e.what());
        }
        QVERIFY(!isDemoFolder(tmp.path()));
        std::ofstream(tmp.path() / "demo.json") << R"({"format": "auditgap-demo", "version": 1, "num_layers": 8})";
        QVERIFY(isDemoFolder(tmp.path()));
        try {
            readDemoManifest(tmp.path());
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("nudge_layer") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
