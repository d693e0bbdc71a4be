#include "bench/Bench.h"
#include "bench/BenchSupport.h"
#include "bench/ResearchBench.h"

#include <chrono>
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "Error.h"
#include "engine/ActivationCache.h"
#include "engine/AuditRunner.h"
#include "engine/ModelStore.h"
#include "intervene/LatentAttack.h"
#include "io/AtomicFile.h"
#include "io/Checkpoint.h"
#include "metrics/Lvs.h"
#include "metrics/RewardModel.h"
#include "model/Generator.h"
#include "model/LanguageModel.h"
#include "model/Transformer.h"
#include "platform/Runtime.h"

namespace auditgap::core {

namespace {

using Clock = std::chrono::steady_clock;

// Runs `fn` until at least `minSeconds` have passed (after one warm-up call); seconds per call.
template <class F>
double timePerCall(F&& fn, double minSeconds, c10::Device device) {
    fn();
    if (device.is_cuda()) torch::cuda::synchronize();
    int calls = 0;
    const auto start = Clock::now();
    double elapsed = 0;
    do {
        fn();
        ++calls;
        if (device.is_cuda()) torch::cuda::synchronize();
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < minSeconds);
    return elapsed / calls;
}

// A random Llama-style model's shape (--size): the defaults fit a laptop CPU; "1b" and "3b"
// fill a GPU (scripts/gpu-check.sh).
struct BenchSize {
    std::string name;
    int64_t hidden = 0, layers = 0, intermediate = 0, vocab = 0;
};

BenchSize benchSize(const std::string& name) {
    if (name == "1b") return {name, 2048, 16, 5632, 32000};
    if (name == "3b") return {name, 3072, 28, 8192, 32000};
    throw Error("--size: expected 1b or 3b, got '" + name + "'");
}

struct BenchSettings {
    c10::Device device{c10::kCPU};
    c10::ScalarType dtype = at::kFloat;
    int64_t batch = 16, seq = 64;
    double minSeconds = 1.0;
    std::string size; // "" = the built-in small shapes
};

double gemmGflops(const BenchSettings& s, int64_t m, int64_t k, int64_t n) {
    torch::NoGradGuard g;
    const auto opts = at::TensorOptions().dtype(s.dtype).device(s.device);
    at::Tensor a = at::randn({m, k}, opts), b = at::randn({k, n}, opts);
    const double sec = timePerCall([&] { (void)at::matmul(a, b); }, s.minSeconds, s.device);
    return 2.0 * m * k * n / sec / 1e9;
}

// FLOPs of one forward pass of a llama-style decoder over B x T tokens.
double forwardFlops(const ModelConfig& c, int64_t B, int64_t T) {
    const double tokens = double(B) * T;
    const double h = c.hiddenSize, q = c.numHeads * c.headDim, kv = c.numKvHeads * c.headDim;
    const double perTokenLayer = 2 * (h * q + 2 * h * kv + q * h) + 2 * 3 * h * c.intermediateSize;
    const double attention = 2.0 * 2.0 * B * c.numHeads * double(T) * T * c.headDim; // QK^T and PV
    return c.numLayers * (tokens * perTokenLayer + attention) + tokens * 2 * h * c.vocabSize;
}

ModelConfig benchConfig(int64_t d, int64_t layers, int64_t intermediate = 0, int64_t vocab = 8192) {
    ModelConfig c;
    c.arch = Arch::Llama;
    c.modelType = "llama";
    c.architecture = "LlamaForCausalLM";
    c.hiddenSize = d;
    c.numLayers = layers;
    c.numHeads = d / 64;
    c.numKvHeads = c.numHeads;
    c.headDim = 64;
    c.intermediateSize = intermediate > 0 ? intermediate : 4 * d;
    c.vocabSize = vocab;
    c.maxPositions = 2048;
    c.tieEmbeddings = true;
    c.slidingWindow.assign(static_cast<size_t>(layers), 0);
    c.attnScale = 1.0 / 8.0;
    return c;
}

int benchForward(const BenchSettings& s, std::ostream& out, bool asJson) {
    const RuntimeInfo r = runtimeInfo();
    nlohmann::json report = {{"benchmark", "forward"},
                             {"blas", r.blasLibrary},
                             {"blas_kernel", r.blasKernel},
                             {"threads", r.threads},
                             {"omp_wait_policy", r.ompWaitPolicy},
                             {"device", s.device.str()},
                             {"batch", s.batch},
                             {"seq", s.seq},
                             {"models", nlohmann::json::array()}};
    if (!asJson)
        out << "auditgap-bench forward: batch " << s.batch << " x " << s.seq << " tokens, device " << s.device
            << ", BLAS " << r.blasLibrary << ", kernel " << r.blasKernel << ", threads " << r.threads
            << ", OMP_WAIT_POLICY " << r.ompWaitPolicy << "\n";
    std::vector<ModelConfig> shapes;
    if (s.size.empty()) {
        shapes = {benchConfig(256, 4), benchConfig(768, 12)};
    } else {
        const BenchSize z = benchSize(s.size);
        shapes = {benchConfig(z.hidden, z.layers, z.intermediate, z.vocab)};
    }
    for (const ModelConfig& c : shapes) {
        const int64_t d = c.hiddenSize;
        auto model = Transformer::random(c, {s.device, s.dtype}, 1234);
        at::Tensor ids = at::randint(0, c.vocabSize, {s.batch, s.seq},
                                     at::TensorOptions().dtype(at::kLong).device(s.device));
        // Baseline: the model's own largest GEMM shape (tokens x d -> 4d), same run.
        const double gemm = gemmGflops(s, s.batch * s.seq, d, 4 * d);
        const double flops = forwardFlops(c, s.batch, s.seq);
        double fwdSec = 0;
        {
            torch::NoGradGuard g;
            fwdSec = timePerCall([&] { (void)model->forward({ids, {}, {}}); }, s.minSeconds, s.device);
        }
        for (auto& [name, t] : model->namedParameters()) t.requires_grad_(true);
        const double bwdSec = timePerCall(
            [&] {
                auto o = model->forward({ids, {}, {}});
                o.logits.to(at::kFloat).logsumexp(-1).mean().backward();
                for (auto& [name, t] : model->namedParameters()) t.mutable_grad() = at::Tensor();
            },
            s.minSeconds, s.device);
        const double fwdGflops = flops / fwdSec / 1e9;
        const double bwdGflops = 3.0 * flops / bwdSec / 1e9;
        const double tokens = double(s.batch) * s.seq;
        report["models"].push_back({{"d", d},
                                    {"layers", c.numLayers},
                                    {"parameters", model->parameterCount()},
                                    {"gemm_gflops", gemm},
                                    {"forward_tokens_per_s", tokens / fwdSec},
                                    {"forward_gflops", fwdGflops},
                                    {"forward_ratio", fwdGflops / gemm},
                                    {"fwd_bwd_tokens_per_s", tokens / bwdSec},
                                    {"fwd_bwd_gflops", bwdGflops},
                                    {"fwd_bwd_ratio", bwdGflops / gemm}});
        if (!asJson)
            out << std::fixed << std::setprecision(1) << "  d=" << d << " layers=" << c.numLayers << " ("
                << model->parameterCount() / 1e6 << "M params)\n"
                << "    GEMM baseline (" << s.batch * s.seq << "x" << d << " @ " << d << "x" << 4 * d
                << "): " << gemm << " GFLOP/s\n"
                << "    forward:          " << std::setprecision(0) << tokens / fwdSec << " tokens/s, "
                << std::setprecision(1) << fwdGflops << " GFLOP/s, ratio " << std::setprecision(2)
                << fwdGflops / gemm << "\n"
                << "    forward+backward: " << std::setprecision(0) << tokens / bwdSec << " tokens/s, "
                << std::setprecision(1) << bwdGflops << " GFLOP/s, ratio " << std::setprecision(2)
                << bwdGflops / gemm << "\n";
    }
    if (asJson) out << report.dump(2) << "\n";
    return 0;
}

// The LVS sweep two ways (issue "Intervention engine" §6): the engine's batched path on every
// cell, and the paper's pipeline (one prompt at a time, a full forward per PGD step, per-prompt
// KV-cached generation) on a subset of the cells; per-cell costs compared, results checked equal.
int benchLvs(const BenchSettings& s, std::ostream& out, bool asJson, bool quick) {
    const RuntimeInfo rt = runtimeInfo();
    TempFolder tmp;
    int64_t H = quick ? 256 : 512, L = quick ? 4 : 8, V = 4096, I = H * 5 / 2;
    if (!s.size.empty()) {
        const BenchSize z = benchSize(s.size);
        H = z.hidden, L = z.layers, V = z.vocab, I = z.intermediate;
    }
    // The protocol's grid (budgets, PGD steps); the benchmark's shorter generations make it a
    // "custom" protocol, which every figure below says.
    const Protocol protocol = Protocol::named(quick ? "quick" : "paper");
    const int prompts = quick ? 8 : protocol.prompts, newTokens = quick ? 16 : 64;
    const std::vector<double> budgets = protocol.budgets;
    writeRandomModel(tmp.path / "model",
                     {{"architectures", {"LlamaForCausalLM"}}, {"model_type", "llama"}, {"hidden_size", H},
                      {"intermediate_size", I}, {"num_hidden_layers", L}, {"num_attention_heads", H / 64},
                      {"num_key_value_heads", H / 64}, {"vocab_size", V}, {"max_position_embeddings", 512},
                      {"rms_norm_eps", 1e-5}, {"rope_theta", 10000.0}, {"hidden_act", "silu"},
                      {"tie_word_embeddings", true}, {"bos_token_id", 1}, {"eos_token_id", V - 1}},
                     1234);
    writeRandomModel(tmp.path / "reward",
                     {{"architectures", {"GPT2ForSequenceClassification"}}, {"model_type", "gpt2"}, {"n_embd", 256},
                      {"n_head", 4}, {"n_layer", 4}, {"n_positions", 512}, {"vocab_size", V},
                      {"layer_norm_epsilon", 1e-5}, {"activation_function", "gelu_new"}, {"pad_token_id", 0},
                      {"id2label", {{"0", "LABEL_0"}}}},
                     99);
    // Prompts of 20-40 random tokens, a 4-token target.
    auto gen = at::make_generator<at::CPUGeneratorImpl>(7);
    std::string jsonl;
    for (int i = 0; i < prompts; ++i) {
        const int64_t n = 20 + at::randint(0, 21, {1}, gen, at::TensorOptions().dtype(at::kLong)).item<int64_t>();
        at::Tensor ids = at::randint(3, V - 1, {n}, gen, at::TensorOptions().dtype(at::kLong));
        std::vector<int64_t> v(ids.data_ptr<int64_t>(), ids.data_ptr<int64_t>() + n);
        jsonl += nlohmann::json({{"ids", v}, {"target_ids", {11, 12, 13, 14}}, {"label", "harmful"}}).dump() + "\n";
    }
    AtomicFile::writeText(tmp.path / "prompts.jsonl", jsonl);

    AuditSettings a;
    a.withProtocol(protocol);
    a.models = {{"random", (tmp.path / "model").string()}};
    a.prompts = (tmp.path / "prompts.jsonl").string();
    a.layers = "all";
    a.budgets = budgets;
    a.maxNewTokens = newTokens;
    a.reward = (tmp.path / "reward").string();
    a.batchSize = prompts;
    a.device = s.device.str();
    a.dtype = s.dtype == at::kBFloat16 ? "bf16" : s.dtype == at::kHalf ? "f16" : "f32";
    ModelStore store;
    auto lm = store.model(a.models[0].path, a.device, a.dtype);
    auto reward = store.reward(a.reward, a.device, a.dtype);
    const int64_t params = lm->net().parameterCount();
    if (!asJson)
        out << "auditgap-bench lvs: random llama H" << H << " x " << L << " layers (" << params / 1000000.0
            << "M parameters), " << prompts << " prompts x " << (L + 1) << " hook points x " << budgets.size()
            << " budgets, PGD " << a.defaultSteps() << " steps + " << newTokens
            << " generated tokens + reward (protocol " << a.protocolName() << ": " << protocol.effectiveName()
            << " preset, " << newTokens << " new tokens instead of " << protocol.lvsNewTokens << ", all layers); device " << s.device
            << ", BLAS kernel " << rt.blasKernel << ", threads " << rt.threads << ", OMP_WAIT_POLICY " << rt.ompWaitPolicy << "\n";

    // (b) the engine's path: every cell.
    ActivationCache cache;
    const auto t0 = Clock::now();
    const AuditResults fast = runAudit(a, {}, &store, &cache);
    if (s.device.is_cuda()) torch::cuda::synchronize();
    const double engineSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    const double engineCell = engineSeconds / static_cast<double>(fast.cells.size());

    // (a) the naive path on a subset: the first prompts, three hook points, every budget.
    const PromptSet ps = PromptSet::load(a.prompts);
    const std::vector<int> layers{kHookEmbedTokens, static_cast<int>(L / 2), static_cast<int>(L - 1)};
    const int naivePrompts = quick ? 2 : 2;
    int cells = 0, sameTokens = 0;
    double maxLvsDiff = 0.0;
    const auto t1 = Clock::now();
    for (int p = 0; p < naivePrompts; ++p) {
        const auto& item = ps.items[static_cast<size_t>(p)];
        GenerationOptions g;
        g.maxNewTokens = newTokens;
        const auto clean = generateGreedy(lm->net(), {item.ids}, g);
        std::vector<int64_t> seq = item.ids;
        seq.insert(seq.end(), clean.tokens[0].begin(), clean.tokens[0].end());
        const double sClean = reward->scoreIds({seq}).at(0);
        for (int layer : layers)
            for (double budget : budgets) {
                AttackBatch one;
                one.prompts = {item.ids};
                one.targets = {item.targetIds};
                PgdOptions o;
                o.layer = layer;
                o.budget = budget;
                o.fromCachedActivation = false;
                const AttackResult r = latentPgd(lm->net(), one, o);
                GenerationOptions ga = g;
                ga.intervention = &r.intervention;
                const auto attacked = generateGreedy(lm->net(), one.prompts, ga);
                std::vector<int64_t> q = item.ids;
                q.insert(q.end(), attacked.tokens[0].begin(), attacked.tokens[0].end());
                const double sAttacked = reward->scoreIds({q}).at(0);
                const double lvs = lvsRow(sClean, sAttacked, r.rows[0].deltaL2, kLvsEtaMedian);
                ++cells;
                for (const auto& c : fast.cells)
                    if (c.prompt == p && c.layer == HookPoint::fromCode(layer) && c.budget == budget) {
                        std::string text;
                        for (int64_t id : attacked.tokens[0]) text += (text.empty() ? "" : " ") + std::to_string(id);
                        sameTokens += c.attacked == text;
                        maxLvsDiff = std::max(maxLvsDiff, std::abs(c.lvs - lvs));
                    }
            }
    }
    if (s.device.is_cuda()) torch::cuda::synchronize();
    const double naiveSeconds = std::chrono::duration<double>(Clock::now() - t1).count();
    const double naiveCell = naiveSeconds / cells;
    const double ratio = naiveCell / engineCell;
    nlohmann::json report = {{"benchmark", "lvs"},
                             {"protocol", a.protocolName()},
                             {"protocol_deviations", a.protocolDeviations()},
                             {"blas_kernel", rt.blasKernel},
                             {"threads", rt.threads},
                             {"omp_wait_policy", rt.ompWaitPolicy},
                             {"device", s.device.str()},
                             {"parameters", params},
                             {"engine_cells", fast.cells.size()},
                             {"engine_seconds", engineSeconds},
                             {"engine_seconds_per_cell", engineCell},
                             {"naive_cells_timed", cells},
                             {"naive_seconds", naiveSeconds},
                             {"naive_seconds_per_cell", naiveCell},
                             {"naive_full_sweep_estimate_seconds", naiveCell * static_cast<double>(fast.cells.size())},
                             {"speedup", ratio},
                             {"identical_generations", sameTokens},
                             {"max_lvs_difference", maxLvsDiff}};
    if (asJson) {
        out << report.dump() << "\n";
        return 0;
    }
    out << std::fixed << std::setprecision(3) << "  engine path:  " << fast.cells.size() << " cells in " << engineSeconds
        << " s = " << engineCell << " s/cell (batched prompts with per-row delta, cached clean activation,"
        << " budgets generated together)\n"
        << "  naive path:   " << cells << " of the cells (" << naivePrompts << " prompts x " << layers.size()
        << " hook points x " << budgets.size() << " budgets, timed on a subset because the whole sweep would take ~"
        << naiveCell * static_cast<double>(fast.cells.size()) / 60.0 << " min) in " << naiveSeconds << " s = " << naiveCell
        << " s/cell\n"
        << "  speedup (per-cell cost, naive / engine): " << std::setprecision(1) << ratio << "x\n"
        << "  equal results: " << sameTokens << "/" << cells << " perturbed generations identical, max |LVS difference| "
        << std::setprecision(6) << maxLvsDiff << "\n";
    return 0;
}

} // namespace

int runBench(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const char* usage = "usage: auditgap-bench forward|lvs|judge|dissociate|gui [--device cpu|cuda] [--dtype f32|bf16] [--seconds S]\n"
                        "       [--quick] [--json]\n"
                        "       [--size 1b|3b] [--batch B] [--seq T]   a GPU-sized random model (forward, lvs)\n";
    if (args.size() < 2) {
        err << usage;
        return 2;
    }
    BenchSettings s;
    bool asJson = false, quick = false;
    try {
        for (size_t i = 2; i < args.size(); ++i) {
            const std::string& a = args[i];
            auto next = [&]() -> std::string {
                if (i + 1 >= args.size()) throw Error(a + " needs a value");
                return args[++i];
            };
            if (a == "--json") asJson = true;
            else if (a == "--quick") quick = true;
            else if (a == "--device") s.device = c10::Device(next());
            else if (a == "--dtype") {
                const std::string t = next();
                s.dtype = t == "bf16" ? at::kBFloat16 : t == "f16" ? at::kHalf : at::kFloat;
            } else if (a == "--seconds") s.minSeconds = std::stod(next());
            else if (a == "--size") s.size = benchSize(next()).name;
            else if (a == "--batch") s.batch = std::stoll(next());
            else if (a == "--seq") s.seq = std::stoll(next());
            else throw Error("unknown option " + a);
        }
        if (s.device.is_cuda() && !torch::cuda::is_available()) throw Error("--device cuda: no CUDA device");
        if (args[1] == "forward") return benchForward(s, out, asJson);
        if (args[1] == "lvs") return benchLvs(s, out, asJson, quick);
        if (args[1] == "judge") return benchJudge(out, asJson, quick);
        if (args[1] == "dissociate") return benchDissociate(out, asJson, quick, s.dtype);
        err << "auditgap-bench: unknown benchmark '" << args[1] << "'\n" << usage;
        return 2;
    } catch (const std::exception& e) {
        err << "auditgap-bench: " << e.what() << "\n";
        return 1;
    }
}

} // namespace auditgap::core
