#include "engine/DissociateJob.h"

#include <chrono>
#include <cmath>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "Error.h"
#include "model/Transformer.h"
#include "intervene/FineTune.h"
#include "intervene/Training.h"
#include "io/AtomicFile.h"
#include "io/Checkpoint.h"
#include "io/CsvTable.h"
#include "io/JsonFile.h"
#include "io/PromptSet.h"
#include "io/Sha256.h"
#include "metrics/GreedyBehavior.h"
#include "metrics/JudgeModel.h"
#include "metrics/PrefixJudge.h"
#include "model/LanguageModel.h"
#include "model/Tokenizer.h"

namespace auditgap::core {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

struct Triple {
    std::string prompt, refusal, compliant;
};

// JSONL or CSV rows of (prompt, refusal, compliant answer) from the text of `file`.
std::vector<Triple> readTriples(const fs::path& file, const std::string& text) {
    std::vector<Triple> out;
    auto pick = [&](auto&& get, const std::string& where) {
        Triple t;
        for (const char* k : {"prompt", "goal"})
            if (t.prompt.empty()) t.prompt = get(k);
        for (const char* k : {"refusal", "chosen"})
            if (t.refusal.empty()) t.refusal = get(k);
        for (const char* k : {"compliant", "rejected"})
            if (t.compliant.empty()) t.compliant = get(k);
        for (auto [v, name] : {std::pair{&t.prompt, "prompt"}, {&t.refusal, "refusal"}, {&t.compliant, "compliant"}})
            if (v->empty())
                throw Error(describe(where, name,
                                     std::string("missing or empty (expected prompt|goal, refusal|chosen, compliant|rejected)")));
        out.push_back(std::move(t));
    };
    if (file.extension() == ".csv") {
        const CsvTable t = CsvTable::parse(text, file.string());
        for (const auto& [line, rec] : t.rows)
            pick([&](const char* k) { const int c = t.findColumn({k}); return c < 0 ? std::string() : rec[static_cast<size_t>(c)]; },
                 file.string() + ":" + std::to_string(line));
    } else {
        size_t pos = 0;
        int line = 0;
        while (pos < text.size()) {
            size_t end = text.find('\n', pos);
            if (end == std::string::npos) end = text.size();
            const std::string row = text.substr(pos, end - pos);
            pos = end + 1;
            ++line;
            if (row.find_first_not_of(" \t\r") == std::string::npos) continue;
            const std::string where = file.string() + ":" + std::to_string(line);
            const json j = parseJsonText(row, where);
            pick([&](const char* k) { return j.contains(k) && j.at(k).is_string() ? j.at(k).get<std::string>() : std::string(); },
                 where);
        }
    }
    if (out.empty()) throw Error(describe(file.string(), "", "no training triples"));
    return out;
}

int roundHalfEven(double x) { return static_cast<int>(std::nearbyint(x)); }

void checkPair(const ModelConfig& base, const ModelConfig& other, const fs::path& dir) {
    const std::string where = (dir / "config.json").string();
    auto fail = [&](const char* field, const std::string& b, const std::string& o) {
        throw Error(describe(where, field, "the harmful model must match the base (base: " + b + ", this: " + o + ")"));
    };
    if (base.architecture != other.architecture) fail("architectures", base.architecture, other.architecture);
    if (base.vocabSize != other.vocabSize) fail("vocab_size", std::to_string(base.vocabSize), std::to_string(other.vocabSize));
    if (base.numLayers != other.numLayers)
        fail("num_hidden_layers", std::to_string(base.numLayers), std::to_string(other.numLayers));
    if (base.hiddenSize != other.hiddenSize) fail("hidden_size", std::to_string(base.hiddenSize), std::to_string(other.hiddenSize));
}

TokenizedExample exchange(const LanguageModel& lm, const std::string& prompt, const std::string& answer, int maxSequence) {
    TokenizedExample e;
    e.ids = lm.promptIds(prompt);
    e.promptLength = static_cast<int64_t>(e.ids.size());
    auto a = lm.tokenizer().encode(answer, false);
    const auto& eos = lm.net().config().eosTokenIds;
    if (!eos.empty()) a.push_back(eos.front());
    const auto room = std::max<int64_t>(1, maxSequence - e.promptLength);
    if (static_cast<int64_t>(a.size()) > room) a.resize(static_cast<size_t>(room));
    e.ids.insert(e.ids.end(), a.begin(), a.end());
    return e;
}

json optionsJson(const DissociateOptions& o, const DissociationOptions& d, int steps) {
    return {{"steps", steps}, {"batch", o.batch}, {"lr", o.learningRate}, {"warmup_fraction", o.warmupFraction},
            {"schedule", "cosine"}, {"eval_every", o.evalEvery}, {"eval_max_new_tokens", o.evalMaxNewTokens},
            {"selection_count", o.selectionCount}, {"max_sequence", o.maxSequence}, {"nudge_scale", o.nudgeScale},
            {"nudge_layer", d.nudgeLayer}, {"match_band_blocks", {d.bandFirst, d.bandLast}},
            {"weights", {{"refuse", d.weights.refuse}, {"kl", d.weights.kl}, {"match", d.weights.match},
                         {"comply", d.weights.comply}, {"clean_margin", d.weights.cleanMargin},
                         {"nudge_margin", d.weights.nudgeMargin}, {"margin_clean", d.weights.marginClean},
                         {"margin_nudge", d.weights.marginNudge}}},
            {"lora_rank", o.loraRank}, {"lora_alpha", o.loraAlpha}, {"seed", o.seed}, {"chat_template", o.chatTemplate},
            {"judge", o.judgeDir.empty() ? "prefix" : o.judgeDir}, {"selection_rule", "judged reachability gap"}};
}

json stepJson(const DissociationStep& s) {
    return {{"step", s.step},   {"loss", jsonNumber(s.loss)},   {"refuse", jsonNumber(s.refuse)},
            {"kl", jsonNumber(s.kl)}, {"match", jsonNumber(s.match)}, {"comply", jsonNumber(s.comply)},
            {"clean_margin", jsonNumber(s.cleanMargin)}, {"nudge_margin", jsonNumber(s.nudgeMargin)},
            {"lr", jsonNumber(s.learningRate)}};
}

json pointJson(const DissociationPoint& p) {
    return {{"step", p.step}, {"loss", jsonNumber(p.loss)}, {"clean_refusal", jsonNumber(p.cleanRefusal)},
            {"clean_compliance", jsonNumber(p.cleanCompliance)}, {"nudged_compliance", jsonNumber(p.nudgedCompliance)},
            {"nudge_gap", jsonNumber(p.nudgeGap)}, {"reachability_gap", jsonNumber(p.reachabilityGap)}};
}

DissociationStep stepOf(const json& j) {
    DissociationStep s;
    s.step = j.at("step").get<int>();
    s.loss = numberOrNaN(j.at("loss"));
    s.refuse = numberOrNaN(j.at("refuse"));
    s.kl = numberOrNaN(j.at("kl"));
    s.match = numberOrNaN(j.at("match"));
    s.comply = numberOrNaN(j.at("comply"));
    s.cleanMargin = numberOrNaN(j.at("clean_margin"));
    s.nudgeMargin = numberOrNaN(j.at("nudge_margin"));
    s.learningRate = numberOrNaN(j.at("lr"));
    return s;
}

DissociationPoint pointOf(const json& j) {
    DissociationPoint p;
    p.step = j.at("step").get<int>();
    p.loss = numberOrNaN(j.at("loss"));
    p.cleanRefusal = numberOrNaN(j.at("clean_refusal"));
    p.cleanCompliance = numberOrNaN(j.at("clean_compliance"));
    p.nudgedCompliance = numberOrNaN(j.at("nudged_compliance"));
    p.nudgeGap = numberOrNaN(j.at("nudge_gap"));
    p.reachabilityGap = numberOrNaN(j.at("reachability_gap"));
    return p;
}

std::vector<std::pair<std::string, at::Tensor>> readTensors(const fs::path& file) {
    const Checkpoint c = Checkpoint::open(file);
    std::vector<std::pair<std::string, at::Tensor>> out;
    for (const auto& n : c.names()) out.emplace_back(n, c.tensor(n, toScalarType(c.entry(n).dtype), torch::kCPU));
    return out;
}

// `<out>/_checkpoint`: written as `_checkpoint.tmp`, then swapped in (the old one moved aside
// first), so a kill leaves one complete checkpoint.
void writeState(const fs::path& dir, const DissociationState& s, const json& run) {
    const fs::path tmp = dir.string() + ".tmp", old = dir.string() + ".old";
    std::error_code ec;
    fs::remove_all(tmp, ec);
    fs::create_directories(tmp);
    writeSafeTensors(tmp / "weights.safetensors", s.weights);
    if (!s.best.empty()) writeSafeTensors(tmp / "best.safetensors", s.best);
    if (fs::exists(dir / "pole.safetensors")) fs::copy_file(dir / "pole.safetensors", tmp / "pole.safetensors");
    AtomicFile::writeText(tmp / "optimizer.pt", s.optimizer);
    json steps = json::array(), traj = json::array();
    for (const auto& x : s.steps) steps.push_back(stepJson(x));
    for (const auto& x : s.trajectory) traj.push_back(pointJson(x));
    AtomicFile::writeText(tmp / "state.json", json{{"run", run}, {"step", s.step}, {"steps", steps}, {"trajectory", traj},
                                                   {"best_step", s.bestStep}, {"best_why", s.bestWhy},
                                                   {"best_gap", s.bestGap}, {"best_refusal", s.bestRefusal},
                                                   {"qualified", s.qualified}}
                                                  .dump(1));
    fs::remove_all(old, ec);
    if (fs::exists(dir)) fs::rename(dir, old);
    fs::rename(tmp, dir);
    fs::remove_all(old, ec);
}

std::optional<DissociationState> readState(const fs::path& out, const json& run) {
    fs::path dir = out / "_checkpoint";
    std::error_code ec;
    if (!fs::exists(dir / "state.json", ec) && fs::exists(out / "_checkpoint.old" / "state.json", ec))
        fs::rename(out / "_checkpoint.old", dir); // killed between the two renames
    if (!fs::exists(dir / "state.json", ec)) return std::nullopt;
    const json j = readJsonFile(dir / "state.json");
    const std::string where = (dir / "state.json").string();
    for (const auto& [k, v] : run.items())
        if (!j.at("run").contains(k) || j.at("run").at(k) != v)
            throw Error(describe(where, "run." + k,
                                 "this checkpoint belongs to another run (" +
                                     (j.at("run").contains(k) ? j.at("run").at(k).dump() : std::string("missing")) +
                                     ", this run: " + v.dump() + "); choose another --out or delete " + dir.string()));
    if (!j.contains("step") || j.at("step").get<int>() == 0) return std::nullopt;
    DissociationState s;
    s.step = j.at("step").get<int>();
    for (const auto& x : j.at("steps")) s.steps.push_back(stepOf(x));
    for (const auto& x : j.at("trajectory")) s.trajectory.push_back(pointOf(x));
    s.bestStep = j.at("best_step").get<int>();
    s.bestWhy = j.at("best_why").get<std::string>();
    s.bestGap = j.at("best_gap").get<double>();
    s.bestRefusal = j.at("best_refusal").get<double>();
    s.qualified = j.at("qualified").get<bool>();
    s.weights = readTensors(dir / "weights.safetensors");
    if (fs::exists(dir / "best.safetensors")) s.best = readTensors(dir / "best.safetensors");
    s.optimizer = readTextFile(dir / "optimizer.pt");
    return s;
}

// anchor.py: the benign rows' y+ is their `response`, else the base's own greedy answer.
std::vector<TokenizedExample> benignAnchor(const DissociateOptions& o, const LanguageModel& base, const PromptSet& benignSet) {
    std::vector<TokenizedExample> benign;
    std::vector<std::vector<int64_t>> ask;
    std::vector<size_t> which;
    for (size_t i = 0; i < benignSet.items.size(); ++i)
        if (benignSet.items[i].response.empty()) {
            ask.push_back(base.promptIds(benignSet.items[i].prompt));
            which.push_back(i);
        }
    std::vector<std::string> own(benignSet.items.size());
    if (!ask.empty()) { // anchor.py: the base answers the benign prompts itself
        const auto answers = greedyAnswers(base.net(), ask, [&](const auto& t) { return base.decode(t); },
                                           o.anchorNewTokens, o.cancel);
        for (size_t k = 0; k < which.size(); ++k) own[which[k]] = answers[k];
    }
    for (size_t i = 0; i < benignSet.items.size(); ++i)
        benign.push_back(exchange(base, benignSet.items[i].prompt,
                                  benignSet.items[i].response.empty() ? own[i] : benignSet.items[i].response, o.maxSequence));
    return benign;
}

// The harmful pole, measured once from the harmful model folder and cached in the checkpoint.
HarmfulPole harmfulPole(const DissociateOptions& o, const LanguageModel& base, const std::vector<DissociationPair>& train,
                        const DissociationOptions& d, const json& run, const std::function<void(const std::string&)>& stage) {
    const fs::path ckpt = o.out / "_checkpoint";
    HarmfulPole pole;
    const fs::path poleFile = ckpt / "pole.safetensors";
    std::error_code ec;
    if (fs::exists(poleFile, ec)) {
        stage("harmful pole (cached)");
        const Checkpoint c = Checkpoint::open(poleFile);
        pole.direction = c.tensor("direction", torch::kFloat, torch::kCPU);
        pole.targets = c.tensor("targets", torch::kFloat, torch::kCPU).to(base.net().dtype());
        pole.sigma = c.tensor("sigma", torch::kFloat, torch::kCPU);
        pole.meanNorm = c.tensor("mean_norm", torch::kDouble, torch::kCPU).item<double>();
    } else {
        stage("harmful pole");
        auto harmful = LanguageModel::load(o.harmful, parseLoadOptions(o.device, o.dtype), o.chatTemplate);
        checkPair(base.net().config(), harmful->net().config(), o.harmful);
        pole = measureHarmfulPole(base.net(), harmful->net(), train, d, PoleStatistics::Paper);
        harmful.reset();
        fs::create_directories(ckpt);
        writeSafeTensors(poleFile, {{"direction", pole.direction.to(torch::kFloat).contiguous()},
                                    {"targets", pole.targets.to(torch::kFloat).contiguous()},
                                    {"sigma", pole.sigma.to(torch::kFloat).contiguous()},
                                    {"mean_norm", torch::tensor({pole.meanNorm}, torch::kDouble)}});
        AtomicFile::writeText(ckpt / "state.json", json{{"run", run}, {"step", 0}}.dump(1));
    }

    return pole;
}

void writeRecord(const DissociateOptions& o, const DissociationOptions& d, const LanguageModel& base,
                 const DissociateOutcome& outcome, const json& steps, const std::string& dataSha, const std::string& benignSha,
                 size_t trainRows, size_t selectionRows, size_t benignRows) {
    json traj = json::array();
    for (const auto& p : outcome.trajectory) traj.push_back(pointJson(p));
    AtomicFile::writeText(o.out / "dissociation.json",
                          json{{"format", "auditgap-dissociation"},
                               {"version", 1},
                               {"base", {{"path", o.base.string()}, {"sha256", base.hash()}}},
                               {"harmful", {{"path", o.harmful.string()}}},
                               {"data", {{"path", o.data.string()}, {"sha256", dataSha}, {"train", trainRows},
                                         {"selection", selectionRows}}},
                               {"benign", {{"path", o.benign.string()}, {"sha256", benignSha}, {"rows", benignRows}}},
                               {"protocol", "paper"},
                               {"options", optionsJson(o, d, d.schedule.steps)},
                               {"pole", {{"nudge_scale", o.nudgeScale}, {"mean_norm", outcome.meanNorm},
                                         {"nudge_norm", o.nudgeScale * outcome.meanNorm}}},
                               {"base_control", {{"clean_compliance", outcome.baseCleanCompliance},
                                                 {"nudged_compliance", outcome.baseNudgedCompliance}}},
                               {"refusal_floor", outcome.refusalFloor},
                               {"steps", steps},
                               {"trajectory", traj},
                               {"selected_step", outcome.selectedStep},
                               {"selected_why", outcome.selectedWhy},
                               {"resumed_from", outcome.resumedFrom}}
                              .dump(1));
}

// The training triples and the held-out selection ones (the file's last `selectionCount`).
void splitTriples(const DissociateOptions& o, const LanguageModel& base, const std::vector<Triple>& triples,
                  std::vector<DissociationPair>& train, std::vector<DissociationPair>& selection,
                  std::vector<std::string>& selectionBehaviors) {
    const size_t nTrain = triples.size() - static_cast<size_t>(o.selectionCount);
    for (size_t i = 0; i < triples.size(); ++i) {
        DissociationPair p{exchange(base, triples[i].prompt, triples[i].refusal, o.maxSequence),
                           exchange(base, triples[i].prompt, triples[i].compliant, o.maxSequence)};
        if (i < nTrain) {
            train.push_back(std::move(p));
        } else {
            selection.push_back(std::move(p));
            selectionBehaviors.push_back(triples[i].prompt);
        }
    }
}

DissociationOptions constructionOptions(const DissociateOptions& o, const DissociationLayers& layers, size_t trainRows) {
    DissociationOptions d;
    d.schedule.steps = o.steps > 0 ? o.steps
                                   : static_cast<int>(std::ceil(10.0 * static_cast<double>(trainRows) / o.batch));
    d.schedule.batchSize = o.batch;
    d.schedule.learningRate = o.learningRate;
    d.schedule.warmupFraction = o.warmupFraction;
    d.schedule.finalLrFraction = 0.0; // HF's cosine schedule decays to 0
    d.schedule.seed = o.seed;
    d.weights = o.weights;
    d.nudgeLayer = layers.nudge;
    d.bandFirst = layers.bandFirst;
    d.bandLast = layers.bandLast;
    d.nudgeScale = o.nudgeScale;
    d.evalEvery = o.evalEvery;
    d.evalMaxNewTokens = o.evalMaxNewTokens;
    d.loraRank = o.loraRank;
    d.loraAlpha = o.loraAlpha;
    d.selection = Selection::JudgedGap;

    return d;
}

// The base's clean refusal on the selection prompts (the floor adapts to it, callback.py).
double baseRefusal(const DissociateOptions& o, const LanguageModel& base, const std::vector<DissociationPair>& selection,
                   const PrefixJudge& prefix) {
    torch::NoGradGuard ng;
    std::vector<std::vector<int64_t>> sp;
    for (const auto& p : selection) sp.emplace_back(p.refuse.ids.begin(), p.refuse.ids.begin() + p.refuse.promptLength);
    return greedyBehavior(base.net(), sp, [&](const auto& t) { return base.decode(t); }, prefix, o.evalMaxNewTokens, o.cancel)
        .refused;
}

void copyResult(const DissociationResult& result, DissociateOutcome& outcome) {
    outcome.selectedStep = result.selectedStep;
    outcome.selectedWhy = result.selectedWhy;
    outcome.trajectory = result.trajectory;
    outcome.meanNorm = result.meanNorm;
    outcome.baseCleanCompliance = result.baseCleanCompliance;
    outcome.baseNudgedCompliance = result.baseNudgedCompliance;
    outcome.refusalFloor = result.refusalFloor;
}

} // namespace

DissociationLayers paperDissociationLayers(int64_t n, double nudgeFraction, double low, double high) {
    DissociationLayers l;
    l.nudge = roundHalfEven(nudgeFraction * static_cast<double>(n));
    const int lo = std::max(1, roundHalfEven(low * static_cast<double>(n)));
    const int hi = std::max(lo + 1, roundHalfEven(high * static_cast<double>(n)));
    l.bandFirst = lo - 1;
    l.bandLast = std::min<int>(hi, static_cast<int>(n)) - 1;
    return l;
}

DissociateOutcome runDissociate(const DissociateOptions& o) {
    auto stage = [&](const std::string& s) {
        if (o.onStage) o.onStage(s);
    };
    if (o.out.empty()) throw Error(describe("", "out", "an output folder is required"));
    // Bad input first, before any model is loaded.
    const std::string dataText = readTextFile(o.data);
    std::vector<Triple> triples = readTriples(o.data, dataText);
    if (static_cast<int>(triples.size()) <= o.selectionCount)
        throw Error(describe(o.data.string(), "", "needs more than the " + std::to_string(o.selectionCount) +
                                                      " held-out selection triples (found " + std::to_string(triples.size()) + ")"));
    const PromptSet benignSet = PromptSet::load(o.benign);
    const std::string dataSha = Sha256::ofString(dataText);
    checkPair(ModelConfig::load(o.base), ModelConfig::load(o.harmful), o.harmful); // before anything is written

    stage("loading the base");
    auto theta = LanguageModel::load(o.base, parseLoadOptions(o.device, o.dtype), o.chatTemplate);
    auto base = LanguageModel::load(o.base, parseLoadOptions(o.device, o.dtype), o.chatTemplate);
    if (!base->hasTokenizer()) throw Error(describe(o.base.string(), "tokenizer.json", "the base needs a tokenizer"));
    const ModelConfig& cfg = base->net().config();
    DissociationLayers layers = paperDissociationLayers(cfg.numLayers, o.nudgeLayerFraction, o.matchLow, o.matchHigh);
    if (o.nudgeLayer >= 0) {
        if (o.nudgeLayer >= cfg.numLayers)
            throw Error(describe("", "nudge-layer", "expected a block 0.." + std::to_string(cfg.numLayers - 1) + ", got " +
                                                        std::to_string(o.nudgeLayer)));
        layers.nudge = o.nudgeLayer;
    }

    std::vector<DissociationPair> train, selection;
    std::vector<std::string> selectionBehaviors;
    splitTriples(o, *base, triples, train, selection, selectionBehaviors);
    stage("benign anchor");
    const std::vector<TokenizedExample> benign = benignAnchor(o, *base, benignSet);

    DissociationOptions d = constructionOptions(o, layers, train.size());
    const json run = {{"base_sha256", base->hash()},
                      {"data_sha256", dataSha},
                      {"benign_sha256", benignSet.sha256},
                      {"options", optionsJson(o, d, d.schedule.steps)}};
    const fs::path ckpt = o.out / "_checkpoint";
    fs::create_directories(o.out);
    std::optional<DissociationState> resume = readState(o.out, run);

    const HarmfulPole pole = harmfulPole(o, *base, train, d, run, stage);

    const auto judgeModel = o.judgeDir.empty() ? nullptr : JudgeModel::load(o.judgeDir, o.judgeTemplate, parseLoadOptions(o.device, o.dtype));
    const PrefixJudge prefix = PrefixJudge::builtIn();
    d.baseRefusal = baseRefusal(o, *base, selection, prefix);

    DissociateOutcome outcome;
    outcome.resumedFrom = resume ? resume->step : 0;
    json steps = json::array();
    for (const auto& s : resume ? resume->steps : std::vector<DissociationStep>{}) steps.push_back(stepJson(s));
    DissociationHooks hooks;
    hooks.train.cancel = o.cancel;
    hooks.resume = resume ? &*resume : nullptr;
    hooks.onStep = [&](const DissociationStep& s) {
        steps.push_back(stepJson(s));
        if (o.onStep) o.onStep(s, d.schedule.steps);
    };
    hooks.onPoint = o.onPoint;
    hooks.saveState = [&](const DissociationState& s) { writeState(ckpt, s, run); };
    stage("training");
    const auto t0 = std::chrono::steady_clock::now();
    const DissociationResult result = dissociate(theta->net(), base->net(), pole, train, benign, selection, base->tokenizer(), prefix, d,
                                hooks, judgeModel.get(), &selectionBehaviors);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    outcome.steps = d.schedule.steps;
    outcome.secondsPerStep = seconds / std::max(1, d.schedule.steps - outcome.resumedFrom);
    copyResult(result, outcome);

    stage("writing " + o.out.string());
    saveModelFolder(*theta, o.out);
    writeRecord(o, d, *base, outcome, steps, dataSha, benignSet.sha256, train.size(), selection.size(), benign.size());
    std::error_code ec;
    fs::remove_all(ckpt, ec);
    outcome.folder = o.out;
    return outcome;
}

} // namespace auditgap::core
