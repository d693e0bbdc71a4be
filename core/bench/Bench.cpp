#include "bench/Bench.h"

#include <chrono>
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "Error.h"
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

struct BenchSettings {
    c10::Device device{c10::kCPU};
    c10::ScalarType dtype = at::kFloat;
    int64_t batch = 16, seq = 64;
    double minSeconds = 1.0;
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

ModelConfig benchConfig(int64_t d, int64_t layers) {
    ModelConfig c;
    c.arch = Arch::Llama;
    c.modelType = "llama";
    c.architecture = "LlamaForCausalLM";
    c.hiddenSize = d;
    c.numLayers = layers;
    c.numHeads = d / 64;
    c.numKvHeads = c.numHeads;
    c.headDim = 64;
    c.intermediateSize = 4 * d;
    c.vocabSize = 8192;
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
                             {"device", s.device.str()},
                             {"batch", s.batch},
                             {"seq", s.seq},
                             {"models", nlohmann::json::array()}};
    if (!asJson)
        out << "auditgap-bench forward: batch " << s.batch << " x " << s.seq << " tokens, device " << s.device
            << ", BLAS " << r.blasLibrary << ", kernel " << r.blasKernel << ", threads " << r.threads << "\n";
    for (auto [d, layers] : std::vector<std::pair<int64_t, int64_t>>{{256, 4}, {768, 12}}) {
        ModelConfig c = benchConfig(d, layers);
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
                                    {"layers", layers},
                                    {"parameters", model->parameterCount()},
                                    {"gemm_gflops", gemm},
                                    {"forward_tokens_per_s", tokens / fwdSec},
                                    {"forward_gflops", fwdGflops},
                                    {"forward_ratio", fwdGflops / gemm},
                                    {"fwd_bwd_tokens_per_s", tokens / bwdSec},
                                    {"fwd_bwd_gflops", bwdGflops},
                                    {"fwd_bwd_ratio", bwdGflops / gemm}});
        if (!asJson)
            out << std::fixed << std::setprecision(1) << "  d=" << d << " layers=" << layers << " ("
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
    const char* usage = "usage: auditgap-bench forward [--device cpu|cuda] [--dtype f32|bf16] [--seconds S] [--json]\n";
    if (args.size() < 2) {
        err << usage;
        return 2;
    }
    BenchSettings s;
    bool asJson = false;
    try {
        for (size_t i = 2; i < args.size(); ++i) {
            const std::string& a = args[i];
            auto next = [&]() -> std::string {
                if (i + 1 >= args.size()) throw Error(a + " needs a value");
                return args[++i];
            };
            if (a == "--json") asJson = true;
            else if (a == "--device") s.device = c10::Device(next());
            else if (a == "--dtype") {
                const std::string t = next();
                s.dtype = t == "bf16" ? at::kBFloat16 : t == "f16" ? at::kHalf : at::kFloat;
            } else if (a == "--seconds") s.minSeconds = std::stod(next());
            else throw Error("unknown option " + a);
        }
        if (s.device.is_cuda() && !torch::cuda::is_available()) throw Error("--device cuda: no CUDA device");
        if (args[1] == "forward") return benchForward(s, out, asJson);
        err << "auditgap-bench: unknown benchmark '" << args[1] << "'\n" << usage;
        return 2;
    } catch (const std::exception& e) {
        err << "auditgap-bench: " << e.what() << "\n";
        return 1;
    }
}

} // namespace auditgap::core
