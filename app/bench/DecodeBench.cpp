#include "bench/DecodeBench.h"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <ostream>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "Error.h"
#include "bench/LvsBench.h"
#include "engine/AuditStages.h"
#include "engine/ModelStore.h"
#include "io/AuditSettings.h"
#include "io/Protocol.h"
#include "model/Generator.h"
#include "model/LanguageModel.h"
#include "model/Transformer.h"
#include "platform/Runtime.h"

namespace auditgap::core {

namespace {

using Rows = std::vector<std::vector<int64_t>>;

struct Timed {
    double seconds = 0;
    Rows tokens;
};

Timed decode(const Transformer& net, const Rows& prompts, const at::Tensor& delta, int layer, int newTokens) {
    Intervention iv;
    iv.edits.push_back(addEdit(layer, delta));
    GenerationOptions g;
    g.maxNewTokens = newTokens;
    g.useStopTokensFromConfig = false; // every row decodes every token: the same work each time
    g.intervention = &iv;
    const auto t0 = std::chrono::steady_clock::now();
    Timed t;
    t.tokens = generateGreedy(net, prompts, g).tokens;
    if (net.device().is_cuda()) torch::cuda::synchronize();
    t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return t;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int benchDecode(const BenchSettings& s, std::ostream& out, bool asJson, bool quick) {
    if (s.shape.empty()) throw Error("decode: --shape qwen2.5-0.5b|llama3.2-1b|gemma2-2b is required");
    const RuntimeInfo rt = runtimeInfo();
    const int B = quick ? 4 : 8, budgets = 3, newTokens = quick ? 8 : 24, reps = 3;
    const ShapeFiles files = writeShapeFiles(s.shape, B, 0);
    AuditSettings a;
    a.withProtocol(Protocol::named("paper"));
    a.models = {{s.shape, files.model.string()}};
    a.prompts = files.prompts.string();
    ModelStore store;
    const auto lm = store.model(files.model.string(), s.device.str(), s.dtypeGiven ? dtypeName(s.dtype) : "");
    const Transformer& net = lm->net();
    const PromptSet ps = a.loadPrompts();
    const Rows clean = tokenizePrompts(*lm, ps, a, s.shape, std::vector<bool>(ps.items.size(), true)).ids;
    Rows perturbed, both;
    for (int k = 0; k < budgets; ++k) perturbed.insert(perturbed.end(), clean.begin(), clean.end());
    both = perturbed;
    both.insert(both.end(), clean.begin(), clean.end());
    int64_t T = 0;
    for (const auto& r : clean) T = std::max<int64_t>(T, static_cast<int64_t>(r.size()));
    const int layer = static_cast<int>(net.config().numLayers / 2);
    const int64_t H = net.config().hiddenSize, P = static_cast<int64_t>(perturbed.size());
    const at::Tensor delta = at::randn({P, T, H}, at::TensorOptions().dtype(at::kFloat)) * 0.05; // [nb * B, T, H]
    const at::Tensor zeros = at::zeros({static_cast<int64_t>(B), T, H}, at::kFloat);
    const at::Tensor joint = at::cat({delta, zeros});

    (void)decode(net, clean, zeros, layer, 2); // warm-up
    std::vector<double> apart, together;
    bool same = true;
    for (int r = 0; r < reps; ++r) {
        const Timed c = decode(net, clean, zeros, layer, newTokens);
        const Timed p = decode(net, perturbed, delta, layer, newTokens);
        const Timed j = decode(net, both, joint, layer, newTokens);
        apart.push_back(c.seconds + p.seconds);
        together.push_back(j.seconds);
        Rows expected = p.tokens;
        expected.insert(expected.end(), c.tokens.begin(), c.tokens.end());
        same = same && expected == j.tokens;
    }
    const double ap = median(apart), tg = median(together);
    const nlohmann::json report = {{"benchmark", "decode"}, {"shape", s.shape}, {"dtype", dtypeName(net.dtype())},
                                   {"threads", rt.threads}, {"device", s.device.str()}, {"clean_rows", B},
                                   {"perturbed_rows", P}, {"new_tokens", newTokens}, {"repeats", reps},
                                   {"apart_seconds", ap}, {"together_seconds", tg}, {"speedup", ap / tg},
                                   {"same_answers", same}};
    if (asJson) {
        out << report.dump() << "\n";
        return 0;
    }
    out << std::fixed << std::setprecision(2) << "auditgap-bench decode --shape " << s.shape << ": " << B
        << " clean rows and " << P << " perturbed rows (an add edit at block " << layer << ", " << budgets
        << " budgets) x " << newTokens << " greedy tokens, compute " << dtypeName(net.dtype()) << ", threads "
        << rt.threads << "; median of " << reps << ", alternating\n"
        << "  apart (clean batch, then perturbed batch): " << ap << " s\n"
        << "  together (one batch, zeros on the clean rows): " << tg << " s; apart / together " << ap / tg << "x"
        << " (same answers both ways: " << (same ? "yes" : "no") << ")\n";
    return 0;
}

} // namespace auditgap::core
