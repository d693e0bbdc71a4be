#include "engine/PatchJob.h"

#include <cmath>
#include <limits>
#include <map>

#include <torch/torch.h>

#include "Error.h"
#include "model/Transformer.h"
#include "engine/PromptActivations.h"
#include "io/CsvTable.h"
#include "metrics/Fluency.h"
#include "metrics/GreedyBehavior.h"
#include "metrics/JudgeModel.h"
#include "metrics/PrefixJudge.h"
#include "model/Generator.h"
#include "model/Intervention.h"
#include "model/LanguageModel.h"
#include "model/PaddedBatch.h"

namespace auditgap::core {

namespace {

std::vector<int> patchBlocks(const std::string& spec, int64_t numLayers) {
    if (spec.empty()) return {static_cast<int>(std::lround(0.5 * static_cast<double>(numLayers)))};
    std::vector<int> out;
    for (const auto& h : HookPoint::resolve(spec, numLayers))
        if (h.isBlock()) out.push_back(h.code());
    if (out.empty()) throw Error(describe("", "layers", "activation patching writes block outputs: name at least one block"));
    return out;
}

void checkSameShape(const ModelConfig& a, const ModelConfig& b, const std::string& where) {
    if (a.numLayers != b.numLayers || a.hiddenSize != b.hiddenSize || a.vocabSize != b.vocabSize || a.architecture != b.architecture)
        throw Error(describe(where, "config.json",
                             "a donor must have the base's architecture, layers, hidden size and vocabulary (base: " +
                                 a.architecture + ", " + std::to_string(a.numLayers) + " layers, " + std::to_string(a.hiddenSize) +
                                 " hidden, vocabulary " + std::to_string(a.vocabSize) + "; donor: " + b.architecture + ", " +
                                 std::to_string(b.numLayers) + ", " + std::to_string(b.hiddenSize) + ", " +
                                 std::to_string(b.vocabSize) + ")"));
}

// One donor at one block: delta = the donor's output - the base's own, added on the prompt
// pass, so the base's state there becomes the donor's (exactly zero for the self-patch); the
// base then decodes greedily. Answers are scored for coherence and by the prefix judge.
void patchAndDecode(const PatchOptions& o, const LanguageModel& base, const std::vector<std::vector<int64_t>>& ids,
                    const std::vector<at::Tensor>& own, const std::vector<at::Tensor>& donor, int block,
                    const std::string& name, const PrefixJudge& prefix, PatchResult& res) {
    const size_t N = ids.size();
    const size_t step = static_cast<size_t>(std::max(1, o.batch));
    for (size_t s = 0; s < N; s += step) {
        if (o.cancel && o.cancel->load()) throw Cancelled();
        const size_t e = std::min(N, s + step);
        std::vector<std::vector<int64_t>> rows(ids.begin() + static_cast<std::ptrdiff_t>(s),
                                               ids.begin() + static_cast<std::ptrdiff_t>(e));
        std::vector<at::Tensor> deltas;
        int64_t T = 0;
        for (size_t i = s; i < e; ++i) {
            at::Tensor dlt = (donor[i].to(torch::kFloat) - own[i].to(torch::kFloat));
            if (o.lastOnly) {
                at::Tensor keep = torch::zeros_like(dlt);
                keep[-1] = dlt[-1];
                dlt = keep;
            }
            T = std::max<int64_t>(T, dlt.size(0));
            deltas.push_back(dlt);
        }
        Intervention iv{{addEdit(block, stackRightPadded(deltas, T).to(base.net().dtype()),
                                 Phase::PrefillOnly, Positions::All)}};
        GenerationOptions go;
        go.maxNewTokens = o.maxNewTokens;
        go.intervention = &iv;
        go.cancel = o.cancel;
        const auto gen = generateGreedy(base.net(), rows, go);
        for (size_t i = s; i < e; ++i) {
            PatchGeneration g;
            g.source = name;
            g.layer = HookPoint::block(block);
            g.prompt = static_cast<int>(i);
            g.behaviorId = o.prompts.items[i].behaviorId;
            g.behavior = o.prompts.behaviorOf(i);
            g.generation = base.hasTokenizer() ? base.decode(gen.tokens[i - s]) : std::string();
            if (!base.hasTokenizer())
                for (int64_t t : gen.tokens[i - s]) g.generation += (g.generation.empty() ? "" : " ") + std::to_string(t);
            if (g.generation.empty() || g.generation.find_first_not_of(" \t\n\r") == std::string::npos)
                g.generation = "[EMPTY]";
            g.coherent = isFluent(g.generation);
            g.harmful = prefix.judge(g.generation) == Behavior::Complied;
            g.judgeScore = std::numeric_limits<double>::quiet_NaN();
            res.generations.push_back(std::move(g));
        }
    }
}

// Compliance by the judge model, alone in memory (the prefix judge's verdicts otherwise).
void judgeCompliance(const PatchOptions& o, PatchResult& res) {
    res.judge = "prefix (the paper's judge, " + Protocol{}.auditJudge + ", was not given)";
    if (!o.judgeDir.empty()) {
        const auto judge = JudgeModel::load(o.judgeDir, o.judgeTemplate, parseLoadOptions(o.device, o.dtype));
        std::vector<std::string> b, g;
        for (const auto& x : res.generations) {
            b.push_back(x.behavior);
            g.push_back(x.generation);
        }
        const auto v = judge->judge(b, g);
        for (size_t i = 0; i < v.size(); ++i) {
            res.generations[i].harmful = v[i].harmful;
            res.generations[i].judgeScore = v[i].pYes;
        }
        res.judge = JudgeModel::checkpointName(o.judgeDir);
    }
}

void summarizePatch(const PatchOptions& o, const std::vector<int>& blocks, PatchResult& res) {
    std::map<std::pair<std::string, HookPoint>, PatchSummary> sums;
    for (const auto& g : res.generations) {
        auto& s = sums[{g.source, g.layer}];
        s.source = g.source;
        s.layer = g.layer;
        s.n += 1;
        s.coherence += g.coherent ? 1.0 : 0.0;
        s.compliance += g.harmful ? 1.0 : 0.0;
    }
    for (const auto& d : o.donors)
        for (int b : blocks) {
            PatchSummary s = sums.at({d.name, HookPoint::block(b)});
            s.coherence /= s.n;
            s.compliance /= s.n;
            res.summary.push_back(s);
        }
}

} // namespace

PatchResult runPatch(const PatchOptions& o) {
    if (o.donors.empty()) throw Error(describe("", "donor", "at least one donor model is required"));
    PatchResult res;
    res.scope = o.lastOnly ? "last" : "all";
    res.promptSha256 = o.prompts.sha256;
    auto base = LanguageModel::load(o.base, parseLoadOptions(o.device, o.dtype), o.chatTemplate);
    const ModelConfig baseCfg = base->net().config();
    const std::vector<int> blocks = patchBlocks(o.layers, baseCfg.numLayers);
    const auto ids = promptIdsFor(*base, o.prompts, o.maxNewTokens);
    const double total = static_cast<double>(o.donors.size() + blocks.size() * o.donors.size() + 1);
    double done = 0.0;
    auto progress = [&](const std::string& stage) {
        if (o.onProgress) o.onProgress(done, total, stage);
    };

    // 1) the base's own block outputs, then each donor's, one model at a time.
    const auto clean = blockActivations(*base, ids, blocks, o.batch, o.cancel);
    std::map<std::string, std::vector<std::vector<at::Tensor>>> cached;
    for (const auto& d : o.donors) {
        progress("caching " + d.name);
        if (d.path == o.base) {
            cached[d.name] = clean;
        } else {
            base.reset(); // never co-resident
            auto donor = LanguageModel::load(d.path, parseLoadOptions(o.device, o.dtype), o.chatTemplate);
            checkSameShape(baseCfg, donor->net().config(), d.path);
            cached[d.name] = blockActivations(*donor, ids, blocks, o.batch, o.cancel);
        }
        done += 1.0;
    }
    if (!base) base = LanguageModel::load(o.base, parseLoadOptions(o.device, o.dtype), o.chatTemplate);

    // 2) patch each donor into the base and decode.
    const PrefixJudge prefix = PrefixJudge::builtIn(); // read once, not per donor and block
    for (size_t k = 0; k < blocks.size(); ++k)
        for (const auto& d : o.donors) {
            progress("patching " + d.name + " at block " + std::to_string(blocks[k]));
            patchAndDecode(o, *base, ids, clean[k], cached[d.name][k], blocks[k], d.name, prefix, res);
            done += 1.0;
        }
    base.reset();

    judgeCompliance(o, res);
    done = total;
    progress("done");
    summarizePatch(o, blocks, res);
    return res;
}

std::string patchGenerationsCsv(const PatchResult& r) {
    std::string out = csvRecord({"source", "layer", "prompt", "behavior_id", "behavior", "generation", "coherent", "harmful",
                                 "judge_score", "scope", "judge"});
    for (const auto& g : r.generations)
        out += csvRecord({g.source, g.layer.name(), std::to_string(g.prompt), g.behaviorId, g.behavior, g.generation,
                          g.coherent ? "1" : "0", g.harmful ? "1" : "0", csvNumber(g.judgeScore), r.scope, r.judge});
    return out;
}

std::string patchSummaryCsv(const PatchResult& r) {
    std::string out = csvRecord({"source", "layer", "n", "coherence", "compliance", "scope", "judge"});
    for (const auto& s : r.summary)
        out += csvRecord({s.source, s.layer.name(), std::to_string(s.n), csvNumber(s.coherence), csvNumber(s.compliance),
                          r.scope, r.judge});
    return out;
}

} // namespace auditgap::core
