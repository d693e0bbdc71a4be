#pragma once
// The parts of a Hugging Face config.json that AuditGap's runtime needs (torch-free).
// Supported model_type values: llama, mistral, qwen2, gemma, gemma2, gpt2.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace auditgap::core {

enum class Arch { Llama, Mistral, Qwen2, Gemma, Gemma2, Gpt2 };
enum class HeadKind { CausalLM, SequenceClassification };
enum class Activation { Silu, GeluTanh, GeluExact, Relu };

struct RopeScaling {
    std::string type; // "linear" or "llama3"
    double factor = 1.0;
    double lowFreqFactor = 1.0;
    double highFreqFactor = 4.0;
    int64_t originalMaxPositions = 0;
};

struct ModelConfig {
    Arch arch = Arch::Llama;
    std::string modelType;
    std::string architecture; // architectures[0], e.g. "LlamaForCausalLM"
    HeadKind head = HeadKind::CausalLM;
    int64_t vocabSize = 0;
    int64_t hiddenSize = 0;
    int64_t intermediateSize = 0;
    int64_t numLayers = 0;
    int64_t numHeads = 0;
    int64_t numKvHeads = 0;
    int64_t headDim = 0;
    int64_t maxPositions = 0;
    double normEps = 1e-5;
    double ropeTheta = 10000.0;
    std::optional<RopeScaling> ropeScaling;
    bool tieEmbeddings = false;
    bool qkvBias = false;  // qwen2, llama attention_bias
    bool outBias = false;  // llama attention_bias
    bool mlpBias = false;
    Activation activation = Activation::Silu;
    std::vector<int64_t> slidingWindow; // per layer: 0 = full attention, else window size
    double attnSoftcap = 0.0;           // 0 = off
    double finalSoftcap = 0.0;          // 0 = off
    double attnScale = 0.0;             // multiplier on q.k
    bool embedScaled = false;           // gemma: embeddings x sqrt(hidden)
    bool normPlusOne = false;           // gemma RMSNorm x*(1+w)
    bool sandwichNorms = false;         // gemma2 post-attention / pre+post feed-forward norms
    int64_t numLabels = 1;
    std::optional<int64_t> padTokenId;
    std::optional<int64_t> bosTokenId;
    std::vector<int64_t> eosTokenIds;
    std::string torchDtype;

    // Throws Error naming `source` and the field on a missing field or unknown model_type.
    static ModelConfig fromJson(const nlohmann::json& json, const std::string& source);
    // Reads DIR/config.json and, when present, DIR/generation_config.json (stop tokens).
    static ModelConfig load(const std::filesystem::path& dir);
    std::string archName() const;
    int64_t parameterCount() const; // approximate, from the shapes
};

const char* archName(Arch arch);

} // namespace auditgap::core
