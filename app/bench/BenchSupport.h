#pragma once
// What the benchmarks share (internal to app/bench): the common settings, the GEMM baseline,
// random checkpoints written as Hugging Face folders (small ones, and the real models' shapes as
// the Hub ships them), a temporary folder, and peak resident memory (this process's, or a
// child's: the CLI run as a subprocess).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>
#include <nlohmann/json.hpp>

namespace auditgap::core {

struct ModelConfig;

// A random Llama-style model's shape (--size): "1b" and "3b" fill a GPU (scripts/gpu-check.sh).
struct BenchSize {
    std::string name;
    int64_t hidden = 0, layers = 0, intermediate = 0, vocab = 0;
};
BenchSize benchSize(const std::string& name); // throws Error for another name

// FLOPs (multiply-adds count 2) of a decoder: one token through one block's GEMMs; attention of
// `queries` tokens over `keys` keys in one block (QK^T and PV); one token's logits.
double blockGemmFlopsPerToken(const ModelConfig& c);
double attentionFlops(const ModelConfig& c, double queries, double keys);
double logitFlopsPerToken(const ModelConfig& c);

struct BenchSettings {
    c10::Device device{c10::kCPU};
    c10::ScalarType dtype = at::kFloat;
    bool dtypeGiven = false; // --dtype given (a --shape run otherwise follows the load rule)
    int64_t batch = 16, seq = 64;
    double minSeconds = 1.0;
    std::string size;        // "" = the built-in small shapes
    std::string shape;       // a real model's shape (realShape), "" = none
    bool paperGrid = false;  // --paper-grid: the paper's whole LVS grid at that shape
    std::string profile;     // --profile FILE: the engine pass's operators, a Chrome trace (lvs --shape)
};

// Runs `fn` until at least `minSeconds` have passed (after one warm-up call); seconds per call.
double timePerCall(const std::function<void()>& fn, double minSeconds, c10::Device device);
// GFLOP/s of one m x k @ k x n matmul in the settings' dtype and device.
double gemmGflops(const BenchSettings& s, int64_t m, int64_t k, int64_t n);

// A random model written as a Hugging Face folder (model.safetensors in `dtype`: "f32" or
// "bf16"), so the engine loads it like any other.
void writeRandomModel(const std::filesystem::path& dir, const nlohmann::json& config, uint64_t seed,
                      const char* dtype = "f32");

// A released model's shape: its config.json as published, and the fixture tokenizer that stands
// in for its own (../shared/fixtures/tokenizers/<tokenizer>).
struct RealShape {
    std::string name;      // qwen2.5-0.5b | llama3.2-1b | gemma2-2b
    std::string released;  // the Hub model whose config this is
    std::string tokenizer; // fixture folder
    nlohmann::json config;
};
const RealShape& realShape(const std::string& name); // throws Error listing the shapes
// A random-weight checkpoint of `shape`: sharded bf16 safetensors (shards of at most 512 MiB, so that
// every shape has several) with
// an index, config.json, and the tokenizer. Returns the weights' bytes.
int64_t writeShapeCheckpoint(const std::filesystem::path& dir, const RealShape& shape, uint64_t seed);

// ../shared/fixtures (or $AUDITGAP_FIXTURES)/tokenizers/<name>; throws Error when missing.
std::filesystem::path tokenizerFixture(const std::string& name);
void copyTokenizer(const std::filesystem::path& from, const std::filesystem::path& to);

struct TempFolder {
    std::filesystem::path path;
    TempFolder();
    ~TempFolder();
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
};

// A program of this build (auditgap-cli) beside the running executable; throws Error if absent.
std::filesystem::path siblingProgram(const std::string& name);
// Runs `argv` as a child process (stdout and stderr to `log`) and waits: its exit status, its
// own peak resident set (wait4) and wall seconds.
struct ChildRun {
    int status = -1;
    int64_t peakRssBytes = 0;
    double seconds = 0.0;
};
ChildRun runChild(const std::vector<std::string>& argv, const std::filesystem::path& log);

} // namespace auditgap::core
