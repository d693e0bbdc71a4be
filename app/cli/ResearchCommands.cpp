#include "cli/ResearchCommands.h"

#include <iomanip>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "Error.h"
#include "cli/CliArgs.h"
#include "cli/Progress.h"
#include "engine/DissociateJob.h"
#include "engine/JudgeJob.h"
#include "engine/PatchJob.h"
#include "engine/ProbeJob.h"
#include "io/AtomicFile.h"
#include "io/JsonFile.h"

namespace auditgap::core {

namespace {

using json = nlohmann::json;

json curvesJson(const JudgeJobResult& r) {
    json seeds = json::array();
    for (const auto& c : r.curves) {
        json curve = json::array();
        for (const auto& p : c.curve) curve.push_back({{"step", p.step}, {"compliance", jsonNumber(p.compliance)}});
        seeds.push_back({{"seed", c.seed}, {"curve", curve}, {"onset_t08", c.onset ? json(*c.onset) : json("never")}});
    }
    return seeds;
}

// --judge model:DIR (the only judge a research command takes besides the default prefix one).
std::string judgeModelDir(const Args& a) {
    const auto j = a.value("judge");
    if (!j) return {};
    if (j->rfind("model:", 0) != 0 || j->size() <= 6)
        throw UsageError("--judge: expected model:DIR (a HarmBench classifier's folder), got '" + *j + "'");
    return j->substr(6);
}

} // namespace

int cmdProbe(const Args& a, std::ostream& out, std::ostream& err) {
    ProbeOptions o;
    o.models = modelRefs(a, "model");
    if (a.has("prompts")) {
        if (a.has("harmful") || a.has("benign")) throw UsageError("--prompts or --harmful with --benign, not both");
        o.prompts = loadPromptOption(a, "prompts");
    } else {
        if (!a.has("harmful") || !a.has("benign")) throw UsageError("missing --prompts (labelled) or --harmful and --benign");
        PromptSet h = loadPromptOption(a, "harmful"), b = loadPromptOption(a, "benign");
        for (auto& item : h.items) item.label = "harmful";
        for (auto& item : b.items) {
            item.label = "benign";
            h.items.push_back(item);
        }
        h.source += " + " + b.source;
        h.sha256 += "+" + b.sha256;
        o.prompts = std::move(h);
    }
    o.layers = a.value("layers").value_or("all");
    o.chatTemplate = a.value("template").value_or(o.chatTemplate);
    o.trainOn = a.value("train-on").value_or("");
    o.folds = static_cast<int>(a.integer("folds", 5));
    o.bootstrap = static_cast<int>(a.integer("bootstrap", o.bootstrap));
    o.seed = static_cast<uint64_t>(a.integer("seed", 0));
    o.batch = static_cast<int>(a.integer("batch", 16));
    if (o.folds < 2 || o.bootstrap < 0 || o.batch < 1) throw UsageError("--folds >= 2, --bootstrap >= 0, --batch >= 1");
    (void)loadOptions(a); // a bad --device or --dtype is a usage error before any work
    o.device = a.value("device").value_or("");
    o.dtype = a.value("dtype").value_or("");
    InterruptScope interrupt;
    o.cancel = InterruptScope::token();
    ProgressLine progress(err, a.has("quiet"), "probe");
    o.onProgress = [&](double done, double total, const std::string& stage) { progress.update(done, total, stage); };
    const ProbeResult r = runProbe(o);
    if (auto f = a.value("out")) AtomicFile::writeText(*f, probeCsv(r));
    json rows = json::array();
    for (const auto& x : r.rows)
        rows.push_back({{"model", x.model}, {"trained_on", x.trainedOn}, {"layer", x.layer.name()}, {"auroc", jsonNumber(x.auroc)},
                        {"auroc_lo", jsonNumber(x.lo)}, {"auroc_hi", jsonNumber(x.hi)}, {"accuracy", jsonNumber(x.accuracy)},
                        {"calibration_gap", jsonNumber(x.calibrationGap)}, {"n_harmful", x.harmful}, {"n_benign", x.benign}});
    emit(out, {{"rows", rows}, {"folds", r.folds}, {"bootstrap", r.bootstrap}, {"prompts_sha256", r.promptSha256}},
         a.has("json"), [&] {
             out << "linear probe, harmful vs benign at the decision token (" << r.folds << "-fold, AUROC with a "
                 << r.bootstrap << "-resample 95% interval)\n";
             for (const auto& x : r.rows)
                 out << "  " << x.model << (x.trainedOn != x.model ? " (probe of " + x.trainedOn + ")" : std::string()) << " "
                     << x.layer.name() << ": AUROC " << std::fixed << std::setprecision(3) << x.auroc << " [" << x.lo << ", "
                     << x.hi << "], accuracy " << x.accuracy << ", calibration gap " << x.calibrationGap << "\n";
         });
    return 0;
}

int cmdPatch(const Args& a, std::ostream& out, std::ostream& err) {
    PatchOptions o;
    o.base = a.require("base");
    o.donors = modelRefs(a, "donor");
    o.prompts = loadPromptOption(a, "prompts");
    o.layers = a.value("layers").value_or("");
    const std::string scope = a.value("scope").value_or("all");
    if (scope != "all" && scope != "last") throw UsageError("--scope: expected all or last, got '" + scope + "'");
    o.lastOnly = scope == "last";
    o.maxNewTokens = static_cast<int>(a.integer("max-new-tokens", o.maxNewTokens));
    o.chatTemplate = a.value("template").value_or(o.chatTemplate);
    o.judgeDir = judgeModelDir(a);
    o.judgeTemplate = a.value("judge-template").value_or("");
    o.batch = static_cast<int>(a.integer("batch", o.batch));
    if (o.maxNewTokens < 1 || o.batch < 1) throw UsageError("--max-new-tokens and --batch must be positive");
    (void)loadOptions(a); // a bad --device or --dtype is a usage error before any work
    o.device = a.value("device").value_or("");
    o.dtype = a.value("dtype").value_or("");
    InterruptScope interrupt;
    o.cancel = InterruptScope::token();
    ProgressLine progress(err, a.has("quiet"), "patch");
    o.onProgress = [&](double done, double total, const std::string& stage) { progress.update(done, total, stage); };
    const PatchResult r = runPatch(o);
    if (auto f = a.value("out")) AtomicFile::writeText(*f, patchSummaryCsv(r));
    if (auto f = a.value("generations")) AtomicFile::writeText(*f, patchGenerationsCsv(r));
    json rows = json::array();
    for (const auto& x : r.summary)
        rows.push_back({{"source", x.source}, {"layer", x.layer.name()}, {"n", x.n}, {"coherence", jsonNumber(x.coherence)},
                        {"compliance", jsonNumber(x.compliance)}});
    emit(out, {{"summary", rows}, {"scope", r.scope}, {"judge", r.judge}}, a.has("json"), [&] {
        out << "activation patching into the base (scope " << r.scope << "; compliance by " << r.judge << ")\n";
        for (const auto& x : r.summary)
            out << "  " << x.source << " at block " << x.layer.name() << ": coherence " << std::fixed << std::setprecision(3)
                << x.coherence << ", compliance " << x.compliance << " (n " << x.n << ")\n";
    });
    return 0;
}

int cmdDissociate(const Args& a, std::ostream& out, std::ostream& err) {
    DissociateOptions o;
    o.base = a.require("base");
    o.harmful = a.require("harmful");
    o.data = a.require("data");
    o.benign = a.require("benign");
    o.out = a.require("out");
    o.chatTemplate = a.value("template").value_or(o.chatTemplate);
    o.steps = static_cast<int>(a.integer("steps", 0));
    o.batch = static_cast<int>(a.integer("batch", o.batch));
    o.learningRate = a.number("lr", o.learningRate);
    o.evalEvery = static_cast<int>(a.integer("eval-every", o.evalEvery));
    o.evalMaxNewTokens = static_cast<int>(a.integer("eval-max-new-tokens", o.evalMaxNewTokens));
    o.selectionCount = static_cast<int>(a.integer("selection", o.selectionCount));
    o.nudgeScale = a.number("nudge-scale", o.nudgeScale);
    o.weights.refuse = a.number("w-refuse", o.weights.refuse);
    o.weights.kl = a.number("w-kl", o.weights.kl);
    o.weights.match = a.number("w-match", o.weights.match);
    o.weights.comply = a.number("w-comply", o.weights.comply);
    o.weights.cleanMargin = a.number("w-clean-margin", o.weights.cleanMargin);
    o.weights.nudgeMargin = a.number("w-nudge-margin", o.weights.nudgeMargin);
    o.weights.marginClean = a.number("margin-clean", o.weights.marginClean);
    o.weights.marginNudge = a.number("margin-nudge", o.weights.marginNudge);
    o.loraRank = static_cast<int>(a.integer("lora-rank", 0));
    o.loraAlpha = a.number("lora-alpha", o.loraAlpha);
    o.seed = static_cast<uint64_t>(a.integer("seed", 0));
    o.judgeDir = judgeModelDir(a);
    o.judgeTemplate = a.value("judge-template").value_or("");
    if (o.steps < 0 || o.batch < 1 || !(o.learningRate > 0) || o.evalEvery < 1 || o.selectionCount < 1 || o.loraRank < 0 ||
        !(o.nudgeScale > 0))
        throw UsageError("expected --steps >= 0, --batch >= 1, --lr > 0, --eval-every >= 1, --selection >= 1, "
                         "--lora-rank >= 0, --nudge-scale > 0");
    for (double wt : {o.weights.refuse, o.weights.kl, o.weights.match, o.weights.comply, o.weights.cleanMargin,
                      o.weights.nudgeMargin})
        if (!(wt >= 0)) throw UsageError("--w-*: a loss weight must be a number >= 0");
    o.nudgeLayer = static_cast<int>(a.integer("nudge-layer", -1)); // checked against the model's blocks
    (void)loadOptions(a); // a bad --device or --dtype is a usage error before any work
    o.device = a.value("device").value_or("");
    o.dtype = a.value("dtype").value_or("");
    InterruptScope interrupt;
    o.cancel = InterruptScope::token();
    ProgressLine progress(err, a.has("quiet"), "dissociate");
    std::string stage;
    o.onStage = [&](const std::string& s) {
        stage = s;
        if (!a.has("quiet")) err << "dissociate: " << s << "\n";
    };
    o.onStep = [&](const DissociationStep& s, int total) {
        std::ostringstream d;
        d << std::setprecision(4) << "loss " << s.loss << " (refuse " << s.refuse << ", kl " << s.kl << ", match " << s.match
          << ", comply " << s.comply << ", margins " << s.cleanMargin << "/" << s.nudgeMargin << ")";
        progress.update(s.step, total, d.str());
    };
    o.onPoint = [&](const DissociationPoint& p) {
        if (!a.has("quiet"))
            err << "dissociate: step " << p.step << ": clean refusal " << p.cleanRefusal << ", nudged compliance "
                << p.nudgedCompliance << ", reachability gap " << p.reachabilityGap << "\n";
    };
    DissociateOutcome r;
    try {
        r = runDissociate(o);
    } catch (const Cancelled&) {
        err << "dissociate: cancelled; the last complete checkpoint is in " << (o.out / "_checkpoint").string()
            << " and the same command resumes from it\n";
        throw;
    }
    emit(out, {{"out", r.folder.string()}, {"steps", r.steps}, {"resumed_from", r.resumedFrom},
               {"selected_step", r.selectedStep}, {"selected_why", r.selectedWhy},
               {"seconds_per_step", jsonNumber(r.secondsPerStep)}},
         a.has("json"), [&] {
             out << "dissociated twin: " << r.folder.string() << " (" << r.steps << " steps"
                 << (r.resumedFrom ? ", resumed from step " + std::to_string(r.resumedFrom) : std::string()) << ", "
                 << std::setprecision(3) << r.secondsPerStep << " s/step)\nselected step " << r.selectedStep << ": "
                 << r.selectedWhy << "\n";
         });
    return 0;
}

int cmdJudge(const Args& a, std::ostream& out, std::ostream& err) {
    JudgeJobOptions o;
    o.input = a.require("in");
    o.output = a.require("out");
    o.judgeDir = a.require("judge");
    o.judgeTemplate = a.value("judge-template").value_or("");
    o.behaviorColumn = a.value("behavior-column").value_or("");
    o.answerColumns = a.all("answer-column");
    (void)loadOptions(a); // a bad --device or --dtype is a usage error before any work
    o.device = a.value("device").value_or("");
    o.dtype = a.value("dtype").value_or("");
    o.batchSize = static_cast<int>(a.integer("batch", 8));
    if (o.batchSize < 1) throw UsageError("--batch: expected a positive count");
    InterruptScope interrupt;
    o.cancel = InterruptScope::token();
    ProgressLine progress(err, a.has("quiet"), "judge");
    o.onProgress = [&](size_t done, size_t total) { progress.update(static_cast<double>(done), static_cast<double>(total)); };
    const JudgeJobResult r = runJudgeJob(o);
    json j = {{"judge", r.judge},         {"input", o.input.string()}, {"output", o.output.string()},
              {"rows", r.rows},           {"pairs", r.pairs},          {"resumed", r.resumed},
              {"judged_now", r.judgedNow}, {"harmful_rate", jsonNumber(r.harmfulRate)}};
    if (r.audit) {
        json s = json::array();
        for (const auto& x : r.audit->summaries)
            s.push_back({{"model", x.model}, {"attack", x.attack}, {"layer", x.layer.name()}, {"budget", jsonNumber(x.budget)},
                         {"asr", jsonNumber(x.asr)}, {"clean_refusal", jsonNumber(x.cleanRefusal)},
                         {"lvs_median", jsonNumber(x.lvsMedian)}});
        j["summary"] = s;
    }
    if (!r.curves.empty()) {
        j["seeds"] = curvesJson(r);
        j["median_onset_t08"] = onsetText(r.medianOnset);
    }
    emit(out, j, a.has("json"), [&] {
        out << "judged " << r.pairs << " distinct answers of " << r.rows << " rows with " << r.judge << " ("
            << r.resumed << " from the journal, " << r.judgedNow << " now); harmful " << std::fixed
            << std::setprecision(3) << r.harmfulRate << "\n";
        if (r.audit)
            for (const auto& x : r.audit->summaries)
                out << "  " << x.model << " " << x.attack << " " << x.layer.name() << " p=" << x.budget
                    << ": ASR " << x.asr << ", clean refusal " << x.cleanRefusal << ", LVS median " << x.lvsMedian << "\n";
        for (const auto& c : r.curves)
            out << "  seed " << c.seed << ": onset t0.8 = " << (c.onset ? std::to_string(*c.onset) : "never") << "\n";
        if (!r.curves.empty()) out << "  median onset: " << onsetText(r.medianOnset) << "\n";
        out << "wrote " << o.output.string() << "\n";
    });
    return 0;
}

} // namespace auditgap::core
