#include "bench/BenchSupport.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include <torch/torch.h>

#include "Error.h"
#include "io/AtomicFile.h"
#include "io/Checkpoint.h"
#include "model/ModelConfig.h"
#include "model/Transformer.h"

extern char** environ;

namespace auditgap::core {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

BenchSize benchSize(const std::string& name) {
    if (name == "1b") return {name, 2048, 16, 5632, 32000};
    if (name == "3b") return {name, 3072, 28, 8192, 32000};
    throw Error("--size: expected 1b or 3b, got '" + name + "'");
}

double blockGemmFlopsPerToken(const ModelConfig& c) {
    const double h = static_cast<double>(c.hiddenSize), q = static_cast<double>(c.numHeads * c.headDim),
                 kv = static_cast<double>(c.numKvHeads * c.headDim), i = static_cast<double>(c.intermediateSize);
    const double mlpMatrices = c.arch == Arch::Gpt2 ? 2.0 : 3.0; // GPT-2's MLP has no gate
    return 2.0 * (h * q + 2.0 * h * kv + q * h) + 2.0 * mlpMatrices * h * i;
}

double attentionFlops(const ModelConfig& c, double queries, double keys) {
    return 2.0 * 2.0 * static_cast<double>(c.numHeads * c.headDim) * queries * keys;
}

double logitFlopsPerToken(const ModelConfig& c) {
    return 2.0 * static_cast<double>(c.hiddenSize) * static_cast<double>(c.vocabSize);
}

double timePerCall(const std::function<void()>& fn, double minSeconds, c10::Device device) {
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

double gemmGflops(const BenchSettings& s, int64_t m, int64_t k, int64_t n) {
    torch::NoGradGuard g;
    const auto opts = at::TensorOptions().dtype(s.dtype).device(s.device);
    at::Tensor a = at::randn({m, k}, opts), b = at::randn({k, n}, opts);
    const double sec = timePerCall([&] { (void)at::matmul(a, b); }, s.minSeconds, s.device);
    return 2.0 * m * k * n / sec / 1e9;
}

void writeRandomModel(const fs::path& dir, const nlohmann::json& config, uint64_t seed, const char* dtype) {
    fs::create_directories(dir);
    AtomicFile::writeText(dir / "config.json", config.dump(1));
    const ModelConfig c = ModelConfig::fromJson(config, (dir / "config.json").string());
    const auto type = std::string(dtype) == "bf16" ? at::kBFloat16 : at::kFloat;
    auto m = Transformer::random(c, {c10::Device(c10::kCPU), type}, seed);
    writeSafeTensors(dir / "model.safetensors", m->namedParameters());
}

const RealShape& realShape(const std::string& name) {
    using nlohmann::json;
    // config.json as published on the Hub (the fields the loader reads and their neighbours).
    static const std::vector<RealShape> shapes = {
        {"qwen2.5-0.5b", "Qwen/Qwen2.5-0.5B-Instruct", "qwen3",
         {{"architectures", {"Qwen2ForCausalLM"}}, {"attention_dropout", 0.0}, {"bos_token_id", 151643},
          {"eos_token_id", 151645}, {"hidden_act", "silu"}, {"hidden_size", 896}, {"initializer_range", 0.02},
          {"intermediate_size", 4864}, {"max_position_embeddings", 32768}, {"max_window_layers", 21},
          {"model_type", "qwen2"}, {"num_attention_heads", 14}, {"num_hidden_layers", 24}, {"num_key_value_heads", 2},
          {"rms_norm_eps", 1e-6}, {"rope_theta", 1000000.0}, {"sliding_window", 32768}, {"tie_word_embeddings", true},
          {"torch_dtype", "bfloat16"}, {"use_cache", true}, {"use_sliding_window", false}, {"vocab_size", 151936}}},
        {"llama3.2-1b", "meta-llama/Llama-3.2-1B-Instruct", "llama3",
         {{"architectures", {"LlamaForCausalLM"}}, {"attention_bias", false}, {"attention_dropout", 0.0},
          {"bos_token_id", 128000}, {"eos_token_id", {128001, 128008, 128009}}, {"head_dim", 64},
          {"hidden_act", "silu"}, {"hidden_size", 2048}, {"initializer_range", 0.02}, {"intermediate_size", 8192},
          {"max_position_embeddings", 131072}, {"mlp_bias", false}, {"model_type", "llama"},
          {"num_attention_heads", 32}, {"num_hidden_layers", 16}, {"num_key_value_heads", 8},
          {"pretraining_tp", 1}, {"rms_norm_eps", 1e-5},
          {"rope_scaling", {{"factor", 32.0}, {"high_freq_factor", 4.0}, {"low_freq_factor", 1.0},
                            {"original_max_position_embeddings", 8192}, {"rope_type", "llama3"}}},
          {"rope_theta", 500000.0}, {"tie_word_embeddings", true}, {"torch_dtype", "bfloat16"}, {"use_cache", true},
          {"vocab_size", 128256}}},
        {"gemma2-2b", "google/gemma-2-2b-it", "gemma3",
         {{"architectures", {"Gemma2ForCausalLM"}}, {"attention_bias", false}, {"attention_dropout", 0.0},
          {"attn_logit_softcapping", 50.0}, {"bos_token_id", 2}, {"cache_implementation", "hybrid"},
          {"eos_token_id", {1, 107}}, {"final_logit_softcapping", 30.0}, {"head_dim", 256},
          {"hidden_act", "gelu_pytorch_tanh"}, {"hidden_activation", "gelu_pytorch_tanh"}, {"hidden_size", 2304},
          {"initializer_range", 0.02}, {"intermediate_size", 9216}, {"max_position_embeddings", 8192},
          {"model_type", "gemma2"}, {"num_attention_heads", 8}, {"num_hidden_layers", 26}, {"num_key_value_heads", 4},
          {"pad_token_id", 0}, {"query_pre_attn_scalar", 256}, {"rms_norm_eps", 1e-6}, {"rope_theta", 10000.0},
          {"sliding_window", 4096}, {"torch_dtype", "bfloat16"}, {"use_cache", true}, {"vocab_size", 256000}}},
    };
    for (const auto& s : shapes)
        if (s.name == name) return s;
    throw Error(describe("--shape", "", "expected qwen2.5-0.5b, llama3.2-1b or gemma2-2b, got '" + name + "'"));
}

int64_t writeShapeCheckpoint(const fs::path& dir, const RealShape& shape, uint64_t seed) {
    fs::create_directories(dir);
    AtomicFile::writeText(dir / "config.json", shape.config.dump(2));
    const ModelConfig c = ModelConfig::fromJson(shape.config, (dir / "config.json").string());
    int64_t bytes = 0;
    {
        auto m = Transformer::random(c, {c10::Device(c10::kCPU), at::kBFloat16}, seed);
        const auto tensors = m->namedParameters();
        for (const auto& [name, t] : tensors) bytes += t.numel() * t.element_size();
        writeShardedSafeTensors(dir, tensors, uint64_t(512) << 20);
    }
    copyTokenizer(tokenizerFixture(shape.tokenizer), dir);
    return bytes;
}

fs::path tokenizerFixture(const std::string& name) {
    const char* env = std::getenv("AUDITGAP_FIXTURES");
    const fs::path dir = fs::path(env ? env : "../shared/fixtures") / "tokenizers" / name;
    if (!fs::exists(dir / "tokenizer.json"))
        throw Error(describe(dir.string(), "tokenizer.json", "missing: set AUDITGAP_FIXTURES to the shared fixtures folder"));
    return dir;
}

void copyTokenizer(const fs::path& from, const fs::path& to) {
    for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
        fs::copy_file(from / f, to / f, fs::copy_options::overwrite_existing);
}

TempFolder::TempFolder() {
    std::string t = (fs::temp_directory_path() / "auditgap-bench-XXXXXX").string();
    if (!::mkdtemp(t.data())) throw Error("cannot create a temporary folder");
    path = t;
}

TempFolder::~TempFolder() {
    std::error_code ec;
    fs::remove_all(path, ec);
}

fs::path siblingProgram(const std::string& name) {
    std::error_code ec;
    const fs::path p = fs::read_symlink("/proc/self/exe", ec).parent_path() / name;
    if (ec || !fs::exists(p, ec)) throw Error(describe(p.string(), "", "missing: the benchmark runs " + name + " from its own folder"));
    return p;
}

ChildRun runChild(const std::vector<std::string>& argv, const fs::path& log) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = 0;
    const auto start = Clock::now();
    const int rc = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw Error(describe(argv[0], "", "cannot be started: " + std::string(std::strerror(rc))));
    int status = 0;
    struct rusage u {};
    while (::wait4(pid, &status, 0, &u) < 0 && errno == EINTR) {
    }
    ChildRun r;
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.peakRssBytes = static_cast<int64_t>(u.ru_maxrss) * 1024;
    return r;
}

} // namespace auditgap::core
