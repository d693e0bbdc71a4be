#pragma once
// A decoder-only transformer loaded from a Hugging Face folder (config.json + safetensors):
// llama, mistral, qwen2, gemma, gemma2 and gpt2, with a causal-LM head (tied or untied) or a
// sequence-classification `score` head. Numerics follow transformers' eager implementation.
// Thread-safety: forward() is const and may run from one worker thread at a time per model
// (libtorch ops themselves are thread-safe; AuditGap keeps all torch work on the engine's worker).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include "model/Intervention.h"
#include "model/ModelConfig.h"

namespace auditgap::core {

struct LoadOptions {
    std::optional<c10::Device> device;         // default: CUDA when available, else CPU
    std::optional<c10::ScalarType> dtype;      // default: bf16 on CUDA, f32 on CPU
};

// Keys and values of every layer for the positions seen so far.
struct KvCache {
    // With `capacity` > 0 the per-layer buffers hold that many positions and each step writes
    // into them in place (no copy of the whole cache per token); keys/values then have
    // `capacity` positions of which the first length() are valid.
    int64_t capacity = 0;
    std::vector<at::Tensor> keys;   // per layer: [B, KVH, Tc or capacity, D]
    std::vector<at::Tensor> values; // per layer: [B, KVH, Tc or capacity, D]
    at::Tensor keyPositions;        // [B, Tc] int64: position id of each cached key
    at::Tensor keyValid;            // [B, Tc] bool: false for padding
    int64_t length() const { return keyPositions.defined() ? keyPositions.size(1) : 0; }
};

struct ForwardInput {
    at::Tensor ids;           // [B, T] int64
    at::Tensor attentionMask; // [B, T] 1 = token, 0 = padding; undefined = all tokens
    at::Tensor positions;     // [B, T] int64; undefined = 0..T-1 after any cached keys
};

struct ForwardOptions {
    bool collectHidden = false;               // fill ForwardOutput::hidden
    const Intervention* intervention = nullptr;
    bool decodeStep = false;                  // PrefillOnly edits are skipped on decode steps
    KvCache* cache = nullptr;                 // appended to when given
    // Start from a cached activation instead of the token ids' embedding: `startHidden`
    // [B, T, H] is the output of hook point `startLayer` (kHookEmbedTokens, kHookEmbedding or
    // a block), edits at that hook point are applied to it, and only what follows runs
    // (for a block l: blocks l+1..). `input.ids` still gives the shape and positions.
    at::Tensor startHidden;
    int startLayer = kHookEmbedding;
    at::Tensor logitPositions;                // [B] or [B, K] int64: compute the head only there
    bool computeHead = true;
};

struct ForwardOutput {
    at::Tensor logits;               // causal LM: [B, T', V]; seq-cls: [B, T', labels]
    std::vector<at::Tensor> hidden;  // N+1 entries [B, T, H]: embedding, then block outputs
    at::Tensor normed;               // [B, T, H] after the final norm
};

class Transformer {
public:
    static std::unique_ptr<Transformer> load(const std::filesystem::path& dir,
                                             const LoadOptions& options = {});
    ~Transformer();

    ForwardOutput forward(const ForwardInput& input, const ForwardOptions& options = {}) const;

    // Sequence classification: the score head read at the last non-pad token of each row,
    // as transformers pools it. [B, labels]. Throws for a causal LM.
    at::Tensor pooledScores(const ForwardOutput& out, const at::Tensor& ids,
                            const at::Tensor& attentionMask) const;
    at::Tensor poolIndex(const at::Tensor& ids, const at::Tensor& attentionMask) const; // [B]

    const ModelConfig& config() const { return m_config; }
    c10::Device device() const;
    c10::ScalarType dtype() const;
    const std::string& dtypeReason() const { return m_dtypeReason; } // why this dtype (chooseDType or "asked for")
    const std::filesystem::path& directory() const { return m_dir; }
    int64_t parameterCount() const;
    // All weights by Hugging Face name (the runtime's own tensors; writable for fine-tuning).
    std::vector<std::pair<std::string, at::Tensor>> namedParameters() const;

    // Replaces weights by Hugging Face name (same shapes) and rebuilds the blocks; used by
    // fine-tuning (LoRA applies W0 + s*B*A this way). Throws for an unknown name or shape.
    void replaceParameters(const std::vector<std::pair<std::string, at::Tensor>>& tensors);
    // The raw token embedding (hook point kHookEmbedTokens) of ids [B, T] -> [B, T, H].
    at::Tensor embedTokens(const at::Tensor& ids) const;

    // A model with random weights for benchmarks and tests (std 0.02, norms 1).
    static std::unique_ptr<Transformer> random(const ModelConfig& config, const LoadOptions& options,
                                               uint64_t seed);

    struct Weights;

private:
    Transformer();
    ModelConfig m_config;
    std::filesystem::path m_dir;
    std::string m_dtypeReason;
    std::unique_ptr<Weights> m_w;
};

// "--device" / "--dtype" text: "" = default; cpu, cuda, cuda:N; f32, bf16, f16. Throws Error
// for an unknown value or CUDA without a CUDA device.
LoadOptions parseLoadOptions(const std::string& device, const std::string& dtype);

c10::Device defaultDevice();
c10::ScalarType defaultDType(c10::Device device);
// The compute dtype when none is asked for (docs/runtime.md): bf16 on CUDA (the paper's); on the
// CPU, bf16 when the checkpoint is bf16 and the CPU computes bf16 natively (AVX512-BF16 or AMX),
// else f32. `reason` says which and why, for `info` and every output's provenance.
struct DTypeChoice {
    c10::ScalarType dtype = at::kFloat;
    std::string reason;
};
DTypeChoice chooseDType(c10::Device device, c10::ScalarType fileDType, bool cpuNativeBf16);
std::string deviceName(c10::Device device);
// "f32", "bf16", "f16" (the --dtype spellings), else c10's name.
std::string dtypeName(c10::ScalarType dtype);

} // namespace auditgap::core
