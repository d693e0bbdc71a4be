#include "bench/Bench.h"
#include "bench/BenchSupport.h"
#include "bench/DecodeBench.h"
#include "bench/LvsBench.h"
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

// FLOPs of one forward pass of a llama-style decoder over B x T tokens.
double forwardFlops(const ModelConfig& c, int64_t B, int64_t T) {
    const double tokens = double(B) * T;
    return c.numLayers * (tokens * blockGemmFlopsPerToken(c) + B * attentionFlops(c, double(T), double(T))) +
           tokens * logitFlopsPerToken(c);
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

} // namespace

int runBench(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const char* usage = "usage: auditgap-bench forward|lvs|decode|judge|dissociate|gui [--device cpu|cuda] [--dtype f32|bf16] [--seconds S]\n"
                        "       [--quick] [--json]\n"
                        "       [--size 1b|3b] [--batch B] [--seq T]   a GPU-sized random model (forward, lvs)\n"
                        "       lvs --shape qwen2.5-0.5b|llama3.2-1b|gemma2-2b [--paper-grid] [--profile FILE]   a released model's shape\n"
                        "           (random weights, sharded bf16, real tokenizer): engine vs naive, FLOP floor, peak memory;\n"
                        "           --profile writes the engine pass's operators as a Chrome trace\n"
                        "       decode --shape NAME   clean answers decoded apart vs in the perturbed rows' batch\n";
    if (args.size() < 2) {
        err << usage;
        return 2;
    }
    BenchSettings s;
    bool asJson = false, quick = false;
    try {
        // Internal (lvs --shape): writes a shape's checkpoint in a child process, so the
        // benchmark's own memory stays small while it measures its children's.
        if (args[1] == "write-shape" && args.size() == 4) {
            writeShapeFolders(args[2], args[3]);
            return 0;
        }
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
                if (t != "bf16" && t != "f16" && t != "f32") throw Error("--dtype: expected f32, bf16 or f16, got '" + t + "'");
                s.dtype = t == "bf16" ? at::kBFloat16 : t == "f16" ? at::kHalf : at::kFloat;
                s.dtypeGiven = true;
            } else if (a == "--seconds") s.minSeconds = std::stod(next());
            else if (a == "--size") s.size = benchSize(next()).name;
            else if (a == "--shape") s.shape = realShape(next()).name;
            else if (a == "--paper-grid") s.paperGrid = true;
            else if (a == "--profile") s.profile = next();
            else if (a == "--batch") s.batch = std::stoll(next());
            else if (a == "--seq") s.seq = std::stoll(next());
            else throw Error("unknown option " + a);
        }
        if (s.device.is_cuda() && !torch::cuda::is_available()) throw Error("--device cuda: no CUDA device");
        if (args[1] == "forward") return benchForward(s, out, asJson);
        if (args[1] == "lvs") return benchLvs(s, out, asJson, quick);
        if (args[1] == "decode") return benchDecode(s, out, asJson, quick);
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
