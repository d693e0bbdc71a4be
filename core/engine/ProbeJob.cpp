#include "engine/ProbeJob.h"

#include <map>
#include <random>

#include <torch/torch.h>

#include "Error.h"
#include "model/Transformer.h"
#include "engine/PromptActivations.h"
#include "io/CsvTable.h"
#include "metrics/Auroc.h"
#include "metrics/LinearProbe.h"
#include "model/LanguageModel.h"

namespace auditgap::core {

namespace {

// Fold of every row: each class shuffled (seeded Fisher-Yates) and dealt round-robin.
std::vector<int> stratifiedFolds(const std::vector<int>& labels, int folds, uint64_t seed) {
    std::vector<int> fold(labels.size(), 0);
    std::mt19937_64 rng(seed);
    for (int cls : {0, 1}) {
        std::vector<size_t> rows;
        for (size_t i = 0; i < labels.size(); ++i)
            if (labels[i] == cls) rows.push_back(i);
        for (size_t i = rows.size(); i > 1; --i) std::swap(rows[i - 1], rows[static_cast<size_t>(rng() % i)]);
        for (size_t i = 0; i < rows.size(); ++i) fold[rows[i]] = static_cast<int>(i % static_cast<size_t>(folds));
    }
    return fold;
}

int hiddenIndexOf(const HookPoint& h) { return h.isBlock() ? h.code() + 1 : 0; }

using Activations = std::map<std::string, std::vector<at::Tensor>>; // model -> [hook][N, H]

Activations collectActivations(const ProbeOptions& o, std::vector<HookPoint>& hooks) {
    Activations acts;
    int64_t layersOfFirst = -1, hiddenOfFirst = -1;
    const double total = static_cast<double>(o.models.size()) * 2.0;
    double done = 0.0;
    for (const auto& m : o.models) {
        if (o.onProgress) o.onProgress(done, total, "activations of " + m.name);
        const auto lm = LanguageModel::load(m.path, parseLoadOptions(o.device, o.dtype), o.chatTemplate);
        const auto& cfg = lm->net().config();
        if (layersOfFirst < 0) {
            layersOfFirst = cfg.numLayers;
            hiddenOfFirst = cfg.hiddenSize;
            hooks = HookPoint::resolve(o.layers, cfg.numLayers);
        } else if (cfg.numLayers != layersOfFirst || cfg.hiddenSize != hiddenOfFirst) {
            throw Error(describe(m.path + "/config.json", "num_hidden_layers",
                                 "the models must share a shape (" + std::to_string(layersOfFirst) + " layers of " +
                                     std::to_string(hiddenOfFirst) + ", this one " + std::to_string(cfg.numLayers) +
                                     " of " + std::to_string(cfg.hiddenSize) + ")"));
        }
        std::vector<int> hidden;
        for (const auto& h : hooks) hidden.push_back(hiddenIndexOf(h));
        acts[m.name] = decisionActivations(*lm, promptIdsFor(*lm, o.prompts), hidden, o.batch, o.cancel);
        done += 1.0;
    }
    return acts;
}

// One hook point: out-of-fold scores of every model, from probes fitted on the training
// model's rows, and their summaries.
std::vector<ProbeRow> probeLayer(const ProbeOptions& o, const Activations& acts, size_t k, const HookPoint& hook,
                                 const std::vector<int>& labels, const std::vector<int>& fold, int harmful, int benign) {
    const at::Tensor y = torch::tensor(std::vector<int64_t>(labels.begin(), labels.end())).to(torch::kDouble);
    const at::Tensor foldT = torch::tensor(std::vector<int64_t>(fold.begin(), fold.end()));
    std::vector<ProbeRow> out;
    std::map<std::string, std::vector<double>> scores;
    for (const auto& m : o.models) scores[m.name].assign(labels.size(), 0.0);
    for (int f = 0; f < o.folds; ++f) {
        const at::Tensor train = (foldT != f).nonzero().squeeze(1), test = (foldT == f).nonzero().squeeze(1);
        std::map<std::string, LinearProbe> probes;
        for (const auto& m : o.models) {
            const std::string& src = o.trainOn.empty() ? m.name : o.trainOn;
            if (!probes.count(src))
                probes[src] = LinearProbe::fit(acts.at(src)[k].index_select(0, train), y.index_select(0, train), o.C);
            const at::Tensor s = probes[src].scores(acts.at(m.name)[k].index_select(0, test));
            for (int64_t i = 0; i < test.size(0); ++i)
                scores[m.name][static_cast<size_t>(test[i].item<int64_t>())] = s[i].item<double>();
        }
    }
    for (const auto& m : o.models) {
        const auto& s = scores[m.name];
        ProbeRow r;
        r.model = m.name;
        r.trainedOn = o.trainOn.empty() ? m.name : o.trainOn;
        r.layer = hook;
        r.harmful = harmful;
        r.benign = benign;
        const AurocInterval a = aurocWithInterval(s, labels, o.bootstrap, o.seed);
        r.auroc = a.auroc;
        r.lo = a.lo;
        r.hi = a.hi;
        double correct = 0.0, sumH = 0.0, sumB = 0.0;
        for (size_t i = 0; i < s.size(); ++i) {
            correct += ((s[i] > 0.5) == (labels[i] == 1)) ? 1.0 : 0.0;
            (labels[i] ? sumH : sumB) += s[i];
        }
        r.accuracy = correct / static_cast<double>(s.size());
        r.calibrationGap = sumH / harmful - sumB / benign;
        out.push_back(r);
    }
    return out;
}

} // namespace

ProbeResult runProbe(const ProbeOptions& o) {
    if (o.models.empty()) throw Error(describe("", "model", "at least one model is required"));
    if (o.folds < 2) throw Error(describe("", "folds", "expected at least 2"));
    std::vector<int> labels;
    int harmful = 0;
    for (size_t i = 0; i < o.prompts.items.size(); ++i) {
        labels.push_back(o.prompts.isHarmful(i) ? 1 : 0);
        harmful += labels.back();
    }
    const int benign = static_cast<int>(labels.size()) - harmful;
    if (harmful < o.folds || benign < o.folds)
        throw Error(describe(o.prompts.source, "label",
                             "the probe needs at least " + std::to_string(o.folds) + " harmful and " +
                                 std::to_string(o.folds) + " benign prompts (found " + std::to_string(harmful) +
                                 " and " + std::to_string(benign) + "; benign rows carry label \"benign\")"));
    if (!o.trainOn.empty()) {
        bool known = false;
        for (const auto& m : o.models) known = known || m.name == o.trainOn;
        if (!known) throw Error(describe("", "train-on", "'" + o.trainOn + "' is not one of the --model names"));
    }
    const std::vector<int> fold = stratifiedFolds(labels, o.folds, o.seed);

    std::vector<HookPoint> hooks;
    const auto acts = collectActivations(o, hooks);
    double done = static_cast<double>(o.models.size());
    const double total = done * 2.0;
    ProbeResult res;
    res.promptSource = o.prompts.source;
    res.promptSha256 = o.prompts.sha256;
    res.folds = o.folds;
    res.bootstrap = o.bootstrap;
    res.seed = o.seed;
    for (size_t k = 0; k < hooks.size(); ++k) {
        if (o.cancel && o.cancel->load()) throw Cancelled();
        for (auto& r : probeLayer(o, acts, k, hooks[k], labels, fold, harmful, benign)) res.rows.push_back(std::move(r));
        if (o.onProgress)
            o.onProgress(done + static_cast<double>(o.models.size()) * static_cast<double>(k + 1) / static_cast<double>(hooks.size()),
                         total, "probe at " + hooks[k].name());
    }
    return res;
}

std::string probeCsv(const ProbeResult& r) {
    std::string out = csvRecord({"model", "trained_on", "layer", "n_harmful", "n_benign", "auroc", "auroc_lo", "auroc_hi",
                                 "accuracy", "calibration_gap", "folds", "seed", "prompts_sha256"});
    for (const auto& x : r.rows)
        out += csvRecord({x.model, x.trainedOn, x.layer.name(), std::to_string(x.harmful), std::to_string(x.benign),
                          csvNumber(x.auroc), csvNumber(x.lo), csvNumber(x.hi), csvNumber(x.accuracy),
                          csvNumber(x.calibrationGap), std::to_string(r.folds), std::to_string(r.seed), r.promptSha256});
    return out;
}

} // namespace auditgap::core
