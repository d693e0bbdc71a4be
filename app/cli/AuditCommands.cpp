#include "cli/AuditCommands.h"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "cli/CliArgs.h"
#include "cli/Progress.h"
#include "engine/AuditRunner.h"
#include "intervene/FineTune.h"
#include "intervene/LatentAttack.h"
#include "io/AtomicFile.h"
#include "io/CsvTable.h"
#include "io/JsonFile.h"
#include "metrics/AuditSummaries.h"
#include "metrics/JudgeModel.h"
#include "metrics/Lvs.h"
#include "metrics/Onset.h"
#include "metrics/PrefixJudge.h"
#include "model/Generator.h"
#include "model/ChatTemplate.h"
#include "model/LanguageModel.h"

namespace auditgap::core {

namespace {

using json = nlohmann::json;

json finite(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// --protocol: a preset name, or a protocol JSON file (a preset plus overrides).
Protocol protocolOption(const Args& a) {
    const std::string v = a.value("protocol").value_or("paper");
    std::error_code ec;
    if (std::filesystem::is_regular_file(v, ec)) return Protocol::fromJson(readJsonFile(v), v);
    return Protocol::named(v);
}

// A judge model's prompt, checked before any work: an unknown checkpoint or a template file
// that does not parse is a usage error.
void checkJudgeModel(const std::string& dir, const std::string& templateFile) {
    try {
        if (templateFile.empty()) JudgeTemplate::official(JudgeModel::checkpointName(dir));
        else JudgeTemplate::fromFile(templateFile);
    } catch (const Error& e) {
        throw UsageError(std::string("--judge: ") + e.what());
    }
}

AuditSettings auditSettings(const Args& a) {
    AuditSettings s;
    s.models = modelRefs(a, "model");
    s.prompts = a.require("prompts");
    s.promptFormat = promptFormatOption(a);
    s.promptFilter = promptFilterOption(a);
    try {
        s.attack = parseAttack(a.value("attack").value_or("pgd"));
        s.withProtocol(protocolOption(a));
    } catch (const Error& e) {
        throw UsageError(std::string("--") + e.what());
    }
    if (auto l = a.value("layers")) s.layers = *l;
    if (auto b = a.value("budgets")) s.budgets = parseNumbers(*b, "budgets");
    if (auto phase = a.value("phase")) {
        if (*phase != "prefill" && *phase != "all") throw UsageError("--phase: expected prefill or all, got '" + *phase + "'");
        s.allSteps = *phase == "all";
    }
    s.steps = static_cast<int>(a.integer("steps", 0));
    s.target = a.value("target").value_or(s.target);
    s.targetSource = a.value("target-source").value_or(s.targetSource);
    s.chatTemplate = a.value("template").value_or(s.chatTemplate);
    try {
        ChatTemplate::choose(s.chatTemplate, ""); // an unknown name or a bad file, before any work
    } catch (const Error& e) {
        throw UsageError(std::string("--") + e.what());
    }
    const std::string judge = a.value("judge").value_or("prefix");
    if (judge == "prefix" || judge.rfind("prefix:", 0) == 0) {
        s.judge = JudgeKind::Prefix;
        if (judge.size() > 7) s.judgePath = judge.substr(7);
    } else if (judge == "logit" || judge.rfind("logit:", 0) == 0) {
        s.judge = JudgeKind::Logit;
        if (judge.size() > 6) s.judgePath = judge.substr(6);
    } else if (judge.rfind("model:", 0) == 0 && judge.size() > 6) {
        s.judge = JudgeKind::Model;
        s.judgePath = judge.substr(6);
    } else {
        throw UsageError("--judge: expected prefix[:FILE], logit[:FILE] or model:DIR, got '" + judge + "'");
    }
    s.judgeTemplate = a.value("judge-template").value_or("");
    if (s.judge == JudgeKind::Model) checkJudgeModel(s.judgePath, s.judgeTemplate);
    s.reward = a.value("reward").value_or("");
    s.harmfulModel = a.value("harmful-model").value_or("");
    s.maxNewTokens = static_cast<int>(a.integer("max-new-tokens", s.maxNewTokens));
    s.seed = static_cast<uint64_t>(a.integer("seed", 0));
    s.batchSize = static_cast<int>(a.integer("batch", 16));
    if (auto sh = a.value("shard")) {
        const auto slash = sh->find('/');
        try {
            if (slash == std::string::npos) throw std::invalid_argument("no slash");
            s.shardIndex = std::stoi(sh->substr(0, slash));
            s.shardCount = std::stoi(sh->substr(slash + 1));
        } catch (const std::exception&) {
            throw UsageError("--shard: expected i/n such as 0/4, got '" + *sh + "'");
        }
    }
    s.device = a.value("device").value_or("");
    s.dtype = a.value("dtype").value_or("");
    try {
        s.validate();
    } catch (const Error& e) {
        throw UsageError(e.what());
    }
    return s;
}

void printSummary(std::ostream& out, const AuditResults& r) {
    const auto deviations = r.settings.protocolDeviations();
    out << "protocol " << r.settings.protocolName();
    if (!deviations.empty()) {
        out << " (" << r.settings.protocol.effectiveName() << " preset; changed:";
        for (const auto& d : deviations) out << " " << d;
        out << ")";
    }
    for (const auto& m : r.models)
        if (!m.chatTemplate.empty()) out << "; " << m.name << ": template " << m.chatTemplate;
    out << "\n";
    out << std::left << std::setw(14) << "model" << std::setw(11) << "layer" << std::setw(10) << "budget" << std::setw(6)
        << "n" << std::setw(9) << "refusal" << std::setw(8) << "ASR" << std::setw(10) << "LVS mean"
        << "LVS median [95% CI]\n";
    for (const auto& s : r.summaries) {
        std::ostringstream b, ci;
        b << std::setprecision(3) << s.budget;
        ci << std::fixed << std::setprecision(3) << s.lvsMedian << " [" << s.lvsLo << ", " << s.lvsHi << "]";
        out << std::left << std::setw(14) << s.model << std::setw(11) << s.layer.name() << std::setw(10) << b.str() << std::setw(6)
            << s.n << std::fixed << std::setprecision(3) << std::setw(9) << s.cleanRefusal << std::setw(8) << s.asr
            << std::setw(10) << s.lvsMean << ci.str() << "\n"
            << std::defaultfloat;
    }
}

} // namespace

int cmdAudit(const Args& a, std::ostream& out, std::ostream& err) {
    const AuditSettings s = auditSettings(a);
    InterruptScope interrupt;
    ProgressLine progress(err, a.has("quiet"), "audit");
    AuditCallbacks cb;
    cb.cancel = InterruptScope::token();
    cb.onProgress = [&](int64_t d, int64_t t) { progress.update(d, t); };
    cb.onWarning = [&](const std::string& w) { err << "warning: " << w << "\n"; };
    AuditResults r;
    try {
        r = runAudit(s, cb);
    } catch (const Cancelled&) {
        err << "\naudit cancelled; nothing was written\n";
        return 130;
    }
    if (auto o = a.value("out")) r.save(*o);
    if (auto c = a.value("csv")) r.saveCsv(*c);
    json summary = r.toJson();
    summary.erase("cells");
    emit(out, summary, a.has("json"), [&] { printSummary(out, r); });
    return 0;
}

int cmdAttack(const Args& a, std::ostream& out) {
    if (a.positional.empty()) throw UsageError("attack needs a MODEL_DIR");
    auto model = Transformer::load(a.positional[0], loadOptions(a));
    AttackBatch batch;
    batch.prompts = {parseIds(a.require("ids"))};
    batch.targets = {parseIds(a.require("target-ids"), "target-ids")};
    for (const auto& seq : {batch.prompts[0], batch.targets[0]})
        for (int64_t id : seq)
            if (id >= model->config().vocabSize)
                throw UsageError("token id " + std::to_string(id) + " is outside the vocabulary (size " +
                                 std::to_string(model->config().vocabSize) + ")");
    PgdOptions o;
    try {
        o.layer = HookPoint::parse(a.require("layer"), model->config().numLayers).code();
    } catch (const Error& e) {
        throw UsageError(std::string("--") + e.what());
    }
    o.budget = a.number("budget", std::nan(""));
    if (!(o.budget >= 0)) throw UsageError("--budget: expected a relative budget >= 0 (e.g. 0.001)");
    o.steps = static_cast<int>(a.integer("steps", 10));
    if (o.steps < 0) throw UsageError("--steps: expected >= 0");
    const AttackResult r = latentPgd(*model, batch, o);
    GenerationOptions g;
    g.maxNewTokens = a.integer("max-new-tokens", 16);
    if (g.maxNewTokens < 1) throw UsageError("--max-new-tokens: expected >= 1");
    const auto clean = generateGreedy(*model, batch.prompts, g);
    g.intervention = &r.intervention;
    const auto attacked = generateGreedy(*model, batch.prompts, g);
    const AttackRow& row = r.rows[0];
    json delta = json::array();
    at::Tensor d = row.delta.contiguous();
    for (int64_t t = 0; t < d.size(0); ++t) {
        const float* p = d[t].data_ptr<float>();
        delta.push_back(std::vector<float>(p, p + d.size(1)));
    }
    json j = {{"eps", row.eps},
              {"alpha", row.alpha},
              {"nll_trace", row.nllTrace},
              {"delta", delta},
              {"delta_l2", row.deltaL2},
              {"generated", attacked.tokens[0]},
              {"generated_clean", clean.tokens[0]}};
    emit(out, j, a.has("json"), [&] {
        out << "eps " << row.eps << "  alpha " << row.alpha << "  ||delta|| " << row.deltaL2 << "\n"
            << "target NLL " << row.nllTrace.front() << " -> " << row.nllTrace.back() << "\n"
            << "clean     " << json(clean.tokens[0]).dump() << "\nattacked  " << json(attacked.tokens[0]).dump() << "\n";
    });
    return 0;
}

int cmdLvs(const Args& a, std::ostream& out) {
    const std::string file = a.require("rows");
    const json j = readJsonFile(file);
    auto column = [&](const char* key) {
        auto it = j.find(key);
        if (it == j.end() || !it->is_array()) throw Error(describe(file, key, "expected an array of numbers"));
        std::vector<double> v;
        for (size_t i = 0; i < it->size(); ++i) {
            const auto& x = (*it)[i];
            if (x.is_null()) v.push_back(std::nan(""));
            else if (x.is_number()) v.push_back(x.get<double>());
            else throw Error(describe(file, std::string(key) + "[" + std::to_string(i) + "]", "expected a number"));
        }
        return v;
    };
    const double eta = a.number("eta", kLvsEtaMedian);
    if (!(eta >= 0)) throw UsageError("--eta: expected a number >= 0");
    std::vector<double> rows;
    try {
        rows = lvsRows(column("baseline"), column("intervention"), column("latent_l2"), eta);
    } catch (const Error& e) {
        throw Error(describe(file, "", e.what()));
    }
    const LvsSummary s = aggregateLvs(rows, 1000, static_cast<uint64_t>(a.integer("seed", 42)));
    json per = json::array();
    for (double v : rows) per.push_back(finite(v));
    json r = {{"per_row", per},     {"mean", finite(s.mean)}, {"median", finite(s.median)},
              {"lo", finite(s.lo)}, {"hi", finite(s.hi)},     {"n", s.n}};
    emit(out, r, a.has("json"), [&] {
        out << "n " << s.n << "  mean " << s.mean << "  median " << s.median << " [" << s.lo << ", " << s.hi << "]\n";
    });
    return 0;
}

int cmdMerge(const Args& a, std::ostream& out) {
    if (a.positional.empty()) throw UsageError("merge needs the shard result files");
    std::vector<AuditResults> shards;
    for (const auto& p : a.positional) shards.push_back(AuditResults::load(p));
    AuditResults merged = AuditResults::merge(shards);
    summarize(merged);
    if (auto o = a.value("out")) merged.save(*o);
    if (auto c = a.value("csv")) merged.saveCsv(*c);
    if (!a.value("out") && !a.value("csv")) out << merged.toJson().dump(1) << "\n";
    else emit(out, {{"cells", merged.cells.size()}, {"shards", shards.size()}}, a.has("json"), [&] {
        out << "merged " << shards.size() << " shards, " << merged.cells.size() << " cells\n";
    });
    return 0;
}

int cmdFinetune(const Args& a, std::ostream& out, std::ostream& err) {
    if (a.positional.empty()) throw UsageError("finetune needs a MODEL_DIR");
    const std::string dir = a.positional[0];
    const PromptSet train = PromptSet::load(a.require("train"));
    const PromptSet eval = PromptSet::load(a.require("eval"));
    FineTuneOptions o;
    for (const auto& item : train.items) {
        if (item.response.empty())
            throw Error(describe(train.source + ":" + std::to_string(item.line), "response", "expected the compliant answer"));
        o.train.emplace_back(item.prompt, item.response);
    }
    std::vector<size_t> evalRows; // the evaluated (harmful) rows of the eval file
    for (size_t i = 0; i < eval.items.size(); ++i)
        if (eval.isHarmful(i)) {
            o.evalPrompts.push_back(eval.items[i].prompt);
            evalRows.push_back(i);
        }
    Protocol protocol;
    try {
        protocol = protocolOption(a);
        ChatTemplate::choose(a.value("template").value_or(protocol.chatTemplate), "");
    } catch (const Error& e) {
        throw UsageError(std::string("--") + e.what());
    }
    const std::string chat = a.value("template").value_or(protocol.chatTemplate);
    o.learningRate = a.number("lr", protocol.fineTuneLearningRate);
    o.batchSize = static_cast<int>(a.integer("batch", protocol.fineTuneBatch));
    o.maxSteps = static_cast<int>(a.integer("steps", protocol.fineTuneSteps));
    o.evalEvery = static_cast<int>(a.integer("eval-every", protocol.fineTuneEvalEvery));
    o.evalMaxNewTokens = static_cast<int>(a.integer("eval-max-new-tokens", protocol.fineTuneEvalNewTokens));
    o.onsetThreshold = protocol.onsetThreshold;
    if (o.maxSteps < 1 || o.evalEvery < 1 || o.batchSize < 1 || o.evalMaxNewTokens < 1 || !(o.learningRate > 0))
        throw UsageError("--steps, --eval-every, --batch and --eval-max-new-tokens must be >= 1 and --lr > 0");
    const bool deviates = o.learningRate != protocol.fineTuneLearningRate || o.batchSize != protocol.fineTuneBatch ||
                          o.maxSteps != protocol.fineTuneSteps || o.evalEvery != protocol.fineTuneEvalEvery ||
                          o.evalMaxNewTokens != protocol.fineTuneEvalNewTokens || chat != protocol.chatTemplate;
    o.loraRank = static_cast<int>(a.integer("lora-rank", 0));
    o.loraAlpha = a.number("lora-alpha", 16.0);
    const auto seeds = parseIds(a.value("seeds").value_or("0"), "seeds");
    // The same judges as the audit: a judge model (model:DIR) when given, else the refusal
    // prefixes (prefix[:FILE], or a bare FILE as before), stated in the output.
    const std::string judgeSpec = a.value("judge").value_or("prefix");
    std::shared_ptr<JudgeModel> judgeModel;
    std::string judgeStated;
    PrefixJudge judge = PrefixJudge::builtIn();
    if (judgeSpec.rfind("model:", 0) == 0 && judgeSpec.size() > 6) {
        checkJudgeModel(judgeSpec.substr(6), a.value("judge-template").value_or(""));
        judgeModel = JudgeModel::load(judgeSpec.substr(6), a.value("judge-template").value_or(""), loadOptions(a));
        o.judgeModel = judgeModel.get();
        judgeStated = "judge model " + judgeSpec.substr(6) + " (" + judgeModel->judgeTemplate().name + ")";
    } else {
        const std::string file = judgeSpec == "prefix" ? "" : judgeSpec.rfind("prefix:", 0) == 0 ? judgeSpec.substr(7) : judgeSpec;
        if (!file.empty()) judge = PrefixJudge::load(file);
        judgeStated = "refusal-prefix judge" + (file.empty() ? std::string() : " " + file) + " (the paper's judge, " +
                      protocol.fineTuneJudge + ", was not given: --judge model:DIR)";
    }
    InterruptScope interrupt;
    o.cancel = InterruptScope::token();
    json runs = json::array();
    std::vector<std::optional<int>> onsets;
    std::string templateName;
    // --generations: every evaluated answer (seed, step, prompt), the file `judge` re-reads.
    std::string generations = csvRecord({"seed", "step", "prompt", "behavior_id", "behavior", "generation", "verdict"});
    try {
        for (int64_t seed : seeds) {
            auto model = LanguageModel::load(dir, loadOptions(a), chat);
            templateName = model->hasTokenizer() ? model->chatTemplate().name() : std::string();
            o.seed = static_cast<uint64_t>(seed);
            ProgressLine progress(err, a.has("quiet"), "finetune seed " + std::to_string(seed));
            const auto r = harmfulFineTune(*model, judge, o, [&](const FineTunePoint& p) { progress.update(p.step, o.maxSteps); });
            json traj = json::array();
            for (const auto& p : r.trajectory) {
                traj.push_back({{"step", p.step}, {"loss", finite(p.loss)}, {"compliance", p.compliance},
                                {"refusal", p.refusal}, {"empty", p.empty}});
                for (size_t i = 0; i < p.answers.size(); ++i)
                    generations += csvRecord({std::to_string(seed), std::to_string(p.step), std::to_string(evalRows[i]),
                                              eval.items[evalRows[i]].behaviorId, eval.behaviorOf(evalRows[i]),
                                              p.answers[i], p.verdicts[i]});
            }
            runs.push_back({{"seed", seed}, {"trajectory", traj}, {"onset_t08", r.onset ? json(*r.onset) : json("never")},
                            {"trained_parameters", r.trainedParameters}});
            onsets.push_back(r.onset);
            if (auto save = a.value("save"))
                saveModelFolder(*model, seeds.size() == 1 ? std::filesystem::path(*save)
                                                          : std::filesystem::path(*save) / ("seed" + std::to_string(seed)));
        }
    } catch (const Cancelled&) {
        err << "\nfine-tuning cancelled; nothing was written\n";
        return 130;
    }
    // Median onset over seeds; a seed that never reached the threshold counts as +inf.
    const std::optional<double> med = medianOnset(onsets);
    json j = {{"format", "auditgap-finetune"}, {"version", 1}, {"model", dir}, {"train", train.source},
              {"train_sha256", train.sha256}, {"eval", eval.source}, {"eval_sha256", eval.sha256},
              {"protocol", deviates ? std::string("custom") : protocol.effectiveName()},
              {"chat_template", templateName}, {"judge", judgeStated},
              {"settings", {{"lr", o.learningRate}, {"batch", o.batchSize}, {"steps", o.maxSteps}, {"eval_every", o.evalEvery},
                            {"lora_rank", o.loraRank}, {"lora_alpha", o.loraAlpha}, {"eval_max_new_tokens", o.evalMaxNewTokens},
                            {"onset_threshold", o.onsetThreshold}}},
              {"runs", runs}, {"onset_t08_median", med ? json(*med) : json("never")}};
    if (auto f = a.value("out")) AtomicFile::writeText(*f, j.dump(1) + "\n");
    if (auto f = a.value("generations")) AtomicFile::writeText(*f, generations);
    emit(out, j, a.has("json"), [&] {
        for (const auto& r : runs) {
            out << "seed " << r["seed"] << ": onset t_0.8 = " << (r["onset_t08"].is_string() ? "never" : r["onset_t08"].dump()) << "\n";
            for (const auto& p : r["trajectory"])
                out << "  step " << std::setw(4) << p["step"].get<int>() << "  compliance " << p["compliance"].get<double>()
                    << "  refusal " << p["refusal"].get<double>() << "\n";
        }
        out << "median onset t_0.8 over seeds: " << onsetText(med) << "  (protocol " << j["protocol"].get<std::string>()
            << "; " << judgeStated << ")\n";
    });
    return 0;
}

} // namespace auditgap::core
