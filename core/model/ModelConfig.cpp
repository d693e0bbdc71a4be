#include "model/ModelConfig.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "Error.h"
#include "io/JsonFile.h"

namespace auditgap::core {

const char* archName(Arch arch) {
    switch (arch) {
    case Arch::Llama: return "llama";
    case Arch::Mistral: return "mistral";
    case Arch::Qwen2: return "qwen2";
    case Arch::Gemma: return "gemma";
    case Arch::Gemma2: return "gemma2";
    case Arch::Gpt2: return "gpt2";
    }
    return "?";
}

std::string ModelConfig::archName() const { return core::archName(arch); }

namespace {
std::vector<int64_t> tokenIds(const nlohmann::json& obj, const std::string& key,
                              const std::string& source) {
    std::vector<int64_t> out;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return out;
    if (it->is_number_integer()) {
        out.push_back(it->get<int64_t>());
    } else if (it->is_array()) {
        for (const auto& v : *it) {
            if (!v.is_number_integer()) throw Error(describe(source, key, "expected integers"));
            out.push_back(v.get<int64_t>());
        }
    } else {
        throw Error(describe(source, key, "expected an integer or a list of integers"));
    }
    return out;
}

Activation parseActivation(const std::string& name, const std::string& source, const std::string& key) {
    if (name == "silu" || name == "swish") return Activation::Silu;
    if (name == "gelu_pytorch_tanh" || name == "gelu_new" || name == "gelu_fast" || name == "gelu_tanh")
        return Activation::GeluTanh;
    if (name == "gelu") return Activation::GeluExact;
    if (name == "relu") return Activation::Relu;
    throw Error(describe(source, key, "unsupported activation '" + name +
                                          "' (expected silu, gelu, gelu_new or gelu_pytorch_tanh)"));
}
} // namespace

ModelConfig ModelConfig::fromJson(const nlohmann::json& j, const std::string& source) {
    if (!j.is_object()) throw Error(describe(source, "", "config must be a JSON object"));
    ModelConfig c;
    c.modelType = requireString(j, "model_type", source);
    if (auto it = j.find("architectures"); it != j.end() && it->is_array() && !it->empty() &&
                                           (*it)[0].is_string())
        c.architecture = (*it)[0].get<std::string>();
    if (c.architecture.find("ForSequenceClassification") != std::string::npos)
        c.head = HeadKind::SequenceClassification;
    if (c.modelType == "llama") c.arch = Arch::Llama;
    else if (c.modelType == "mistral") c.arch = Arch::Mistral;
    else if (c.modelType == "qwen2") c.arch = Arch::Qwen2;
    else if (c.modelType == "gemma") c.arch = Arch::Gemma;
    else if (c.modelType == "gemma2") c.arch = Arch::Gemma2;
    else if (c.modelType == "gpt2") c.arch = Arch::Gpt2;
    else
        throw Error(describe(source, "model_type",
                             "unknown architecture '" + c.modelType +
                                 "' (supported: llama, mistral, qwen2, gemma, gemma2, gpt2)"));

    auto positive = [&](const std::string& key) {
        int64_t v = requireInt(j, key, source);
        if (v <= 0) throw Error(describe(source, key, "must be a positive integer"));
        return v;
    };
    c.vocabSize = positive("vocab_size");
    if (c.arch == Arch::Gpt2) {
        c.hiddenSize = positive("n_embd");
        c.numLayers = positive("n_layer");
        c.numHeads = positive("n_head");
        c.numKvHeads = c.numHeads;
        auto inner = optionalInt(j, "n_inner", source);
        c.intermediateSize = inner ? *inner : 4 * c.hiddenSize;
        c.maxPositions = positive("n_positions");
        c.normEps = optionalNumber(j, "layer_norm_epsilon", source).value_or(1e-5);
        c.activation = parseActivation(
            j.contains("activation_function") ? requireString(j, "activation_function", source)
                                              : std::string("gelu_new"),
            source, "activation_function");
        c.tieEmbeddings = optionalBool(j, "tie_word_embeddings", source).value_or(true);
        c.qkvBias = c.outBias = c.mlpBias = true;
        if (optionalBool(j, "scale_attn_by_inverse_layer_idx", source).value_or(false))
            throw Error(describe(source, "scale_attn_by_inverse_layer_idx", "true is not supported"));
        if (!optionalBool(j, "scale_attn_weights", source).value_or(true))
            throw Error(describe(source, "scale_attn_weights", "false is not supported"));
    } else {
        c.hiddenSize = positive("hidden_size");
        c.numLayers = positive("num_hidden_layers");
        c.numHeads = positive("num_attention_heads");
        c.numKvHeads = optionalInt(j, "num_key_value_heads", source).value_or(c.numHeads);
        c.intermediateSize = positive("intermediate_size");
        c.maxPositions = optionalInt(j, "max_position_embeddings", source).value_or(4096);
        c.normEps = optionalNumber(j, "rms_norm_eps", source).value_or(1e-6);
        c.ropeTheta = optionalNumber(j, "rope_theta", source).value_or(10000.0);
        const bool gemmaFamily = c.arch == Arch::Gemma || c.arch == Arch::Gemma2;
        c.tieEmbeddings = optionalBool(j, "tie_word_embeddings", source).value_or(gemmaFamily);
        std::string act = "silu";
        if (j.contains("hidden_activation") && !j["hidden_activation"].is_null())
            act = requireString(j, "hidden_activation", source);
        else if (j.contains("hidden_act") && !j["hidden_act"].is_null())
            act = requireString(j, "hidden_act", source);
        else if (gemmaFamily)
            act = "gelu_pytorch_tanh";
        // Gemma's "hidden_act": "gelu" is run as the tanh approximation by transformers.
        if (gemmaFamily && act == "gelu") act = "gelu_pytorch_tanh";
        c.activation = parseActivation(act, source, j.contains("hidden_activation") ? "hidden_activation" : "hidden_act");
        if (c.arch == Arch::Qwen2) c.qkvBias = true;
        if (optionalBool(j, "attention_bias", source).value_or(false)) c.qkvBias = c.outBias = true;
        c.mlpBias = optionalBool(j, "mlp_bias", source).value_or(false);
        c.embedScaled = gemmaFamily;
        c.normPlusOne = gemmaFamily;
        c.sandwichNorms = c.arch == Arch::Gemma2;
    }
    if (c.hiddenSize % c.numHeads != 0 && !j.contains("head_dim"))
        throw Error(describe(source, "num_attention_heads", "must divide hidden_size"));
    c.headDim = optionalInt(j, "head_dim", source).value_or(c.hiddenSize / c.numHeads);
    if (c.headDim <= 0 || c.headDim % 2 != 0) throw Error(describe(source, "head_dim", "must be a positive even integer"));
    if (c.numKvHeads <= 0 || c.numHeads % c.numKvHeads != 0)
        throw Error(describe(source, "num_key_value_heads", "must divide num_attention_heads"));

    c.attnScale = 1.0 / std::sqrt(static_cast<double>(c.headDim));
    c.slidingWindow.assign(static_cast<size_t>(c.numLayers), 0);
    if (c.arch == Arch::Mistral || c.arch == Arch::Qwen2) {
        auto window = optionalInt(j, "sliding_window", source);
        const bool use = c.arch == Arch::Mistral ? true
                                                 : optionalBool(j, "use_sliding_window", source).value_or(false);
        if (window && use && *window > 0) {
            const int64_t maxWindowLayers =
                c.arch == Arch::Qwen2 ? optionalInt(j, "max_window_layers", source).value_or(c.numLayers)
                                      : 0;
            for (int64_t l = 0; l < c.numLayers; ++l)
                if (c.arch == Arch::Mistral || l >= maxWindowLayers) c.slidingWindow[l] = *window;
        }
    }
    if (c.arch == Arch::Gemma2) {
        c.attnSoftcap = optionalNumber(j, "attn_logit_softcapping", source).value_or(0.0);
        c.finalSoftcap = optionalNumber(j, "final_logit_softcapping", source).value_or(0.0);
        const double qpas = optionalNumber(j, "query_pre_attn_scalar", source).value_or(double(c.headDim));
        if (qpas <= 0) throw Error(describe(source, "query_pre_attn_scalar", "must be positive"));
        c.attnScale = 1.0 / std::sqrt(qpas);
        const int64_t window = optionalInt(j, "sliding_window", source).value_or(4096);
        for (int64_t l = 0; l < c.numLayers; l += 2) c.slidingWindow[l] = window; // even layers are local
    }
    if (auto rs = j.find("rope_scaling"); rs != j.end() && !rs->is_null()) {
        const std::string field = "rope_scaling";
        if (!rs->is_object()) throw Error(describe(source, field, "expected an object or null"));
        RopeScaling r;
        if (rs->contains("rope_type")) r.type = requireString(*rs, "rope_type", source + " rope_scaling");
        else r.type = requireString(*rs, "type", source + " rope_scaling");
        r.factor = requireNumber(*rs, "factor", source + " rope_scaling");
        if (r.type == "llama3") {
            r.lowFreqFactor = requireNumber(*rs, "low_freq_factor", source + " rope_scaling");
            r.highFreqFactor = requireNumber(*rs, "high_freq_factor", source + " rope_scaling");
            r.originalMaxPositions = requireInt(*rs, "original_max_position_embeddings", source + " rope_scaling");
            if (r.highFreqFactor <= r.lowFreqFactor)
                throw Error(describe(source, "rope_scaling.high_freq_factor", "must exceed low_freq_factor"));
        } else if (r.type == "linear") {
            if (r.factor <= 0) throw Error(describe(source, "rope_scaling.factor", "must be positive"));
        } else if (r.type == "default") {
            r.factor = 1.0;
        } else {
            throw Error(describe(source, "rope_scaling.rope_type",
                                 "unsupported RoPE scaling '" + r.type + "' (supported: llama3, linear)"));
        }
        if (r.type != "default") c.ropeScaling = r;
    }
    if (c.head == HeadKind::SequenceClassification) {
        if (auto labels = j.find("id2label"); labels != j.end() && labels->is_object())
            c.numLabels = static_cast<int64_t>(labels->size());
        c.numLabels = optionalInt(j, "num_labels", source).value_or(c.numLabels);
    }
    c.padTokenId = optionalInt(j, "pad_token_id", source);
    c.bosTokenId = optionalInt(j, "bos_token_id", source);
    c.eosTokenIds = tokenIds(j, "eos_token_id", source);
    if (auto td = j.find("torch_dtype"); td != j.end() && td->is_string()) c.torchDtype = td->get<std::string>();
    return c;
}

ModelConfig ModelConfig::load(const std::filesystem::path& dir) {
    const auto path = dir / "config.json";
    ModelConfig c = fromJson(readJsonFile(path), path.string());
    const auto genPath = dir / "generation_config.json";
    std::error_code ec;
    if (std::filesystem::exists(genPath, ec)) {
        const auto gen = readJsonFile(genPath);
        for (int64_t id : tokenIds(gen, "eos_token_id", genPath.string()))
            if (std::find(c.eosTokenIds.begin(), c.eosTokenIds.end(), id) == c.eosTokenIds.end())
                c.eosTokenIds.push_back(id);
        if (!c.padTokenId) c.padTokenId = optionalInt(gen, "pad_token_id", genPath.string());
    }
    return c;
}

int64_t ModelConfig::parameterCount() const {
    const int64_t h = hiddenSize, q = numHeads * headDim, kv = numKvHeads * headDim;
    const int64_t attn = h * q + 2 * h * kv + q * h;
    const int64_t mlp = (arch == Arch::Gpt2 ? 2 : 3) * h * intermediateSize;
    int64_t total = numLayers * (attn + mlp) + vocabSize * h;
    if (!tieEmbeddings) total += vocabSize * h;
    if (arch == Arch::Gpt2) total += maxPositions * h;
    return total;
}

} // namespace auditgap::core
