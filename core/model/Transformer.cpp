#include "model/Transformer.h"

#include <cmath>
#include <map>

#include <torch/torch.h>

#include "Error.h"
#include "io/Checkpoint.h"
#include "platform/Preemption.h"
#include "platform/Runtime.h"

namespace auditgap::core {

namespace {

// The most negative finite value of a floating dtype: the masked attention score. (float's
// lowest does not fit bf16 or f16: libtorch refuses the conversion.)
double lowestOf(c10::ScalarType t) {
    switch (t) {
    case at::kBFloat16: return static_cast<double>(std::numeric_limits<c10::BFloat16>::lowest());
    case at::kHalf: return static_cast<double>(std::numeric_limits<c10::Half>::lowest());
    case at::kDouble: return std::numeric_limits<double>::lowest();
    default: return std::numeric_limits<float>::lowest();
    }
}


struct Linear {
    at::Tensor w; // [out, in]; GPT-2 Conv1D: [in, out] with conv1d = true
    at::Tensor b; // [out] or undefined
    bool conv1d = false;
    at::Tensor operator()(const at::Tensor& x) const {
        if (conv1d) {
            at::Tensor y = at::matmul(x, w);
            return b.defined() ? y + b : y;
        }
        return at::linear(x, w, b);
    }
};

enum class NormKind { Rms, RmsPlusOne, Layer };

struct Norm {
    at::Tensor w, b; // [H]
    NormKind kind = NormKind::Rms;
    double eps = 1e-5;
    at::Tensor operator()(const at::Tensor& x) const {
        switch (kind) {
        case NormKind::Layer: return at::layer_norm(x, {x.size(-1)}, w, b, eps);
        case NormKind::Rms: {
            // transformers LlamaRMSNorm: normalise in f32, cast back, then scale.
            at::Tensor xf = x.to(at::kFloat);
            xf = xf * at::rsqrt(xf.pow(2).mean(-1, true) + eps);
            return w * xf.to(x.scalar_type());
        }
        case NormKind::RmsPlusOne: {
            // transformers GemmaRMSNorm: everything in f32, x * (1 + w), then cast.
            at::Tensor xf = x.to(at::kFloat);
            xf = xf * at::rsqrt(xf.pow(2).mean(-1, true) + eps);
            return (xf * (1.0 + w.to(at::kFloat))).to(x.scalar_type());
        }
        }
        return x;
    }
};

struct Block {
    Norm inputNorm, postAttnNorm, preFfnNorm, postFfnNorm;
    Linear q, k, v, o;   // llama family
    Linear qkv;          // gpt2 c_attn
    Linear gate, up, down;
    int64_t window = 0;  // 0 = full causal attention
};

struct ParamSpec {
    std::string name;
    std::vector<int64_t> shape;
    bool norm = false; // 1-D norm weight (random init: ones, or zeros for x(1+w))
};

std::vector<ParamSpec> parameterSpecs(const ModelConfig& c, const std::string& p) {
    const int64_t H = c.hiddenSize, I = c.intermediateSize, D = c.headDim;
    const int64_t Q = c.numHeads * D, KV = c.numKvHeads * D;
    std::vector<ParamSpec> s;
    auto add = [&](const std::string& n, std::vector<int64_t> shape, bool norm = false) {
        s.push_back({p + n, std::move(shape), norm});
    };
    if (c.arch == Arch::Gpt2) {
        add("wte.weight", {c.vocabSize, H});
        add("wpe.weight", {c.maxPositions, H});
        for (int64_t l = 0; l < c.numLayers; ++l) {
            const std::string b = "h." + std::to_string(l) + ".";
            add(b + "ln_1.weight", {H}, true);
            add(b + "ln_1.bias", {H});
            add(b + "attn.c_attn.weight", {H, 3 * H});
            add(b + "attn.c_attn.bias", {3 * H});
            add(b + "attn.c_proj.weight", {H, H});
            add(b + "attn.c_proj.bias", {H});
            add(b + "ln_2.weight", {H}, true);
            add(b + "ln_2.bias", {H});
            add(b + "mlp.c_fc.weight", {H, I});
            add(b + "mlp.c_fc.bias", {I});
            add(b + "mlp.c_proj.weight", {I, H});
            add(b + "mlp.c_proj.bias", {H});
        }
        add("ln_f.weight", {H}, true);
        add("ln_f.bias", {H});
        return s;
    }
    add("embed_tokens.weight", {c.vocabSize, H});
    for (int64_t l = 0; l < c.numLayers; ++l) {
        const std::string b = "layers." + std::to_string(l) + ".";
        add(b + "input_layernorm.weight", {H}, true);
        add(b + "self_attn.q_proj.weight", {Q, H});
        add(b + "self_attn.k_proj.weight", {KV, H});
        add(b + "self_attn.v_proj.weight", {KV, H});
        add(b + "self_attn.o_proj.weight", {H, Q});
        if (c.qkvBias) {
            add(b + "self_attn.q_proj.bias", {Q});
            add(b + "self_attn.k_proj.bias", {KV});
            add(b + "self_attn.v_proj.bias", {KV});
        }
        if (c.outBias) add(b + "self_attn.o_proj.bias", {H});
        add(b + "post_attention_layernorm.weight", {H}, true);
        if (c.sandwichNorms) {
            add(b + "pre_feedforward_layernorm.weight", {H}, true);
            add(b + "post_feedforward_layernorm.weight", {H}, true);
        }
        add(b + "mlp.gate_proj.weight", {I, H});
        add(b + "mlp.up_proj.weight", {I, H});
        add(b + "mlp.down_proj.weight", {H, I});
        if (c.mlpBias) {
            add(b + "mlp.gate_proj.bias", {I});
            add(b + "mlp.up_proj.bias", {I});
            add(b + "mlp.down_proj.bias", {H});
        }
    }
    add("norm.weight", {H}, true);
    return s;
}

std::string shapeText(at::IntArrayRef shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

at::Tensor rotateHalf(const at::Tensor& x) {
    const int64_t half = x.size(-1) / 2;
    return at::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
}

at::Tensor activate(const at::Tensor& x, Activation a) {
    switch (a) {
    case Activation::Silu: return at::silu(x);
    case Activation::GeluTanh: return at::gelu(x, "tanh");
    case Activation::GeluExact: return at::gelu(x);
    case Activation::Relu: return at::relu(x);
    }
    return x;
}

// Per-row selection of the positions an edit touches: [B or 1, T, 1] in x's dtype, or an
// undefined tensor for "every position".
at::Tensor selectionOf(const LayerEdit& e, const at::Tensor& x, const at::Tensor& lastIndex) {
    const int64_t T = x.size(1);
    switch (e.positions) {
    case Positions::All: return {};
    case Positions::LastPrompt: {
        at::Tensor t = at::arange(T, lastIndex.options()).unsqueeze(0); // [1, T]
        return t.eq(lastIndex.unsqueeze(1)).to(x.scalar_type()).unsqueeze(-1);
    }
    case Positions::Mask: {
        at::Tensor m = e.mask.to(x.device()).to(at::kBool);
        if (m.dim() == 1) m = m.unsqueeze(0);
        if (m.size(1) >= T) m = m.narrow(1, 0, T);
        else m = at::constant_pad_nd(m, {0, T - m.size(1)}, 0);
        return m.to(x.scalar_type()).unsqueeze(-1);
    }
    }
    return {};
}

// [H] or [B, H] -> [B or 1, 1, H] in x's device and dtype.
at::Tensor rowVector(const at::Tensor& v, const at::Tensor& x) {
    at::Tensor r = v.to(x.device(), x.scalar_type());
    return r.dim() == 1 ? r.view({1, 1, -1}) : r.unsqueeze(1);
}

// Applies every edit at hook point `layer` to `x` [B, T, H]. `lastIndex` [B] is the last real
// token of each row in a prefill pass (undefined on decode steps).
at::Tensor applyEdits(at::Tensor x, int layer, const ForwardOptions& o, const at::Tensor& lastIndex) {
    if (!o.intervention) return x;
    for (const auto& e : o.intervention->edits) {
        if (e.layer != layer) continue;
        if (o.decodeStep && e.phase == Phase::PrefillOnly) continue;
        if (o.decodeStep && e.positions != Positions::All) continue; // prompt positions only
        const at::Tensor sel = o.decodeStep ? at::Tensor() : selectionOf(e, x, lastIndex);
        auto masked = [&](const at::Tensor& d) { return sel.defined() ? d * sel : d; };
        switch (e.kind) {
        case EditKind::Add: {
            if (!e.add.defined()) break;
            at::Tensor d = e.add.to(x.device(), x.scalar_type());
            if (d.dim() == 1 || (d.dim() == 3 && d.size(1) == 1)) { // one vector (per row)
                x = x + masked(d.dim() == 1 ? d.view({1, 1, -1}) : d);
                break;
            }
            if (o.decodeStep) break; // per-position deltas belong to prompt positions
            if (d.dim() == 2) d = d.unsqueeze(0);
            const int64_t T = x.size(1);
            if (d.size(1) > T) d = d.narrow(1, 0, T);
            else if (d.size(1) < T) d = at::constant_pad_nd(d, {0, 0, 0, T - d.size(1)}, 0);
            x = x + masked(d);
            break;
        }
        case EditKind::Steer: {
            at::Tensor dir = rowVector(e.direction, x);
            x = x + masked(x.norm(2, -1, true) * dir * e.frac);
            break;
        }
        case EditKind::Ablate: {
            at::Tensor r = rowVector(e.direction, x);
            x = x - masked((x * r).sum(-1, true) * r);
            break;
        }
        case EditKind::Patch: {
            at::Tensor v = rowVector(e.value, x).expand_as(x);
            x = sel.defined() ? at::where(sel > 0, v, x) : v.clone();
            break;
        }
        }
    }
    return x;
}

} // namespace

struct Transformer::Weights {
    std::map<std::string, at::Tensor> byName; // canonical HF names
    at::Tensor embed;   // [V, H]
    at::Tensor posEmbed; // gpt2 [P, H]
    std::vector<Block> blocks;
    Norm finalNorm;
    at::Tensor head;    // [V, H] lm_head or [labels, H] score
    at::Tensor invFreq; // [D/2] f32
    c10::Device device{c10::kCPU};
    c10::ScalarType dtype = at::kFloat;
};

Transformer::Transformer() : m_w(std::make_unique<Weights>()) {}
Transformer::~Transformer() = default;

LoadOptions parseLoadOptions(const std::string& device, const std::string& dtype) {
    LoadOptions o;
    if (device == "cpu") {
        o.device = c10::Device(c10::kCPU);
    } else if (device.rfind("cuda", 0) == 0) {
        if (!torch::cuda::is_available()) throw Error("--device " + device + ": no CUDA device is available");
        o.device = c10::Device(device);
    } else if (!device.empty()) {
        throw Error("--device: expected cpu or cuda, got '" + device + "'");
    }
    if (dtype == "f32" || dtype == "float32") o.dtype = at::kFloat;
    else if (dtype == "bf16" || dtype == "bfloat16") o.dtype = at::kBFloat16;
    else if (dtype == "f16" || dtype == "float16") o.dtype = at::kHalf;
    else if (!dtype.empty()) throw Error("--dtype: expected f32, bf16 or f16, got '" + dtype + "'");
    return o;
}

c10::Device defaultDevice() {
    return torch::cuda::is_available() ? c10::Device(c10::kCUDA, 0) : c10::Device(c10::kCPU);
}

c10::ScalarType defaultDType(c10::Device device) {
    return device.is_cuda() ? at::kBFloat16 : at::kFloat;
}

DTypeChoice chooseDType(c10::Device device, c10::ScalarType fileDType, bool cpuNativeBf16) {
    if (device.is_cuda()) return {at::kBFloat16, "bf16: CUDA (the paper's dtype)"};
    if (fileDType != at::kBFloat16) return {at::kFloat, "f32: the checkpoint is not bf16"};
    if (!cpuNativeBf16)
        return {at::kFloat, "f32: this CPU has no native bf16 (avx512_bf16 or amx_bf16); bf16 would be emulated, "
                            "3-4x slower"};
    return {at::kBFloat16, "bf16: bf16 checkpoint on a CPU with native bf16 (the paper's dtype; weights mapped, "
                           "not copied)"};
}

std::string deviceName(c10::Device device) { return device.str(); }

std::string dtypeName(c10::ScalarType dtype) {
    switch (dtype) {
    case at::kFloat: return "f32";
    case at::kBFloat16: return "bf16";
    case at::kHalf: return "f16";
    default: return c10::toString(dtype);
    }
}

c10::Device Transformer::device() const { return m_w->device; }
c10::ScalarType Transformer::dtype() const { return m_w->dtype; }

namespace {

at::Tensor ropeInvFreq(const ModelConfig& c) {
    const int64_t D = c.headDim;
    at::Tensor idx = at::arange(0, D, 2, at::kLong).to(at::kFloat);
    at::Tensor inv = 1.0 / at::pow(c.ropeTheta, idx / static_cast<double>(D));
    if (!c.ropeScaling) return inv;
    const RopeScaling& r = *c.ropeScaling;
    if (r.type == "linear") return inv / r.factor;
    // llama3: keep high frequencies, divide low ones by `factor`, blend in between.
    const double orig = static_cast<double>(r.originalMaxPositions);
    const double lowWavelen = orig / r.lowFreqFactor;
    const double highWavelen = orig / r.highFreqFactor;
    at::Tensor wavelen = 2.0 * M_PI / inv;
    at::Tensor scaled = at::where(wavelen > lowWavelen, inv / r.factor, inv);
    at::Tensor smooth = (orig / wavelen - r.lowFreqFactor) / (r.highFreqFactor - r.lowFreqFactor);
    at::Tensor smoothed = (1 - smooth) * scaled / r.factor + smooth * scaled;
    at::Tensor medium = (wavelen >= highWavelen) & (wavelen <= lowWavelen);
    return at::where(medium, smoothed, scaled);
}

// Said before any weight is read: the weights must fit in this machine's memory. Tensors in the
// compute dtype are mapped from the files (file-backed pages, but each forward pass reads them
// all: larger than memory, every pass would read them from disk); the others are converted into
// memory of their own.
void checkFitsInMemory(const Checkpoint& ck, c10::ScalarType dtype, const std::filesystem::path& dir) {
    const int64_t memory = physicalMemoryBytes();
    if (memory <= 0) return;
    double mapped = 0.0, converted = 0.0;
    for (const auto& n : ck.names()) {
        const TensorEntry& e = ck.entry(n);
        if (toScalarType(e.dtype) == dtype)
            mapped += static_cast<double>(e.end - e.begin);
        else
            converted += static_cast<double>(e.numel()) * static_cast<double>(c10::elementSize(dtype));
    }
    auto gb = [](double b) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2f GB", b / 1e9);
        return std::string(buf);
    };
    const std::string have = "; this machine has " + gb(static_cast<double>(memory)) + " (MemTotal, /proc/meminfo)";
    if (converted > static_cast<double>(memory))
        throw Error(describe(dir.string(), "weights", "computing in " + dtypeName(dtype) + " converts them into " +
                                                          gb(converted) + " of memory" + have +
                                                          ": load them in the dtype they are stored in (--dtype), or use a larger machine"));
    if (mapped + converted > static_cast<double>(memory))
        throw Error(describe(dir.string(), "weights", "the shards add up to " + gb(mapped + converted) +
                                                          have + ": every forward pass would read them from disk"));
}

void assemble(Transformer::Weights& w, const ModelConfig& c, const std::string& p) {
    auto t = [&](const std::string& n) -> at::Tensor {
        auto it = w.byName.find(p + n);
        return it == w.byName.end() ? at::Tensor() : it->second;
    };
    const NormKind normKind = c.arch == Arch::Gpt2 ? NormKind::Layer
                              : c.normPlusOne      ? NormKind::RmsPlusOne
                                                   : NormKind::Rms;
    auto norm = [&](const std::string& n) {
        Norm x;
        x.w = t(n + ".weight");
        x.b = t(n + ".bias");
        x.kind = normKind;
        x.eps = c.normEps;
        return x;
    };
    auto linear = [&](const std::string& n, bool conv1d = false) {
        return Linear{t(n + ".weight"), t(n + ".bias"), conv1d};
    };
    w.blocks.clear();
    if (c.arch == Arch::Gpt2) {
        w.embed = t("wte.weight");
        w.posEmbed = t("wpe.weight");
        for (int64_t l = 0; l < c.numLayers; ++l) {
            const std::string b = "h." + std::to_string(l) + ".";
            Block blk;
            blk.inputNorm = norm(b + "ln_1");
            blk.postAttnNorm = norm(b + "ln_2");
            blk.qkv = linear(b + "attn.c_attn", true);
            blk.o = linear(b + "attn.c_proj", true);
            blk.up = linear(b + "mlp.c_fc", true);
            blk.down = linear(b + "mlp.c_proj", true);
            w.blocks.push_back(std::move(blk));
        }
        w.finalNorm = norm("ln_f");
    } else {
        w.embed = t("embed_tokens.weight");
        for (int64_t l = 0; l < c.numLayers; ++l) {
            const std::string b = "layers." + std::to_string(l) + ".";
            Block blk;
            blk.inputNorm = norm(b + "input_layernorm");
            blk.postAttnNorm = norm(b + "post_attention_layernorm");
            if (c.sandwichNorms) {
                blk.preFfnNorm = norm(b + "pre_feedforward_layernorm");
                blk.postFfnNorm = norm(b + "post_feedforward_layernorm");
            }
            blk.q = linear(b + "self_attn.q_proj");
            blk.k = linear(b + "self_attn.k_proj");
            blk.v = linear(b + "self_attn.v_proj");
            blk.o = linear(b + "self_attn.o_proj");
            blk.gate = linear(b + "mlp.gate_proj");
            blk.up = linear(b + "mlp.up_proj");
            blk.down = linear(b + "mlp.down_proj");
            blk.window = c.slidingWindow[static_cast<size_t>(l)];
            w.blocks.push_back(std::move(blk));
        }
        w.finalNorm = norm("norm");
    }
    const std::string headName = c.head == HeadKind::SequenceClassification ? "score.weight" : "lm_head.weight";
    auto it = w.byName.find(headName);
    w.head = it != w.byName.end() ? it->second : w.embed;
    w.invFreq = ropeInvFreq(c).to(w.device);
}

std::string prefixFor(const ModelConfig& c, const Checkpoint& ck) {
    if (c.arch == Arch::Gpt2) return ck.contains("transformer.wte.weight") ? "transformer." : "";
    return ck.contains("model.embed_tokens.weight") ? "model." : "";
}

std::string canonicalPrefix(const ModelConfig& c) { return c.arch == Arch::Gpt2 ? "transformer." : "model."; }

} // namespace

std::unique_ptr<Transformer> Transformer::load(const std::filesystem::path& dir, const LoadOptions& options) {
    std::unique_ptr<Transformer> m(new Transformer());
    m->m_dir = dir;
    // The weights' files first (headers only): a pickle checkpoint or a path to a .bin file is
    // refused as such, not reported as a missing config.json.
    Checkpoint ck = Checkpoint::open(dir);
    m->m_config = ModelConfig::load(dir);
    const ModelConfig& c = m->m_config;
    Weights& w = *m->m_w;
    w.device = options.device.value_or(defaultDevice());
    const std::string filePrefix = prefixFor(c, ck);
    if (options.dtype) {
        w.dtype = *options.dtype;
        m->m_dtypeReason = dtypeName(w.dtype) + ": asked for (--dtype)";
        if (w.dtype == at::kBFloat16 && w.device.is_cpu() && !cpuHasNativeBf16())
            m->m_dtypeReason += "; this CPU has no native bf16 (avx512_bf16 or amx_bf16): emulated, 3-4x slower than f32";
    } else {
        const std::string embed = filePrefix + (c.arch == Arch::Gpt2 ? "wte.weight" : "embed_tokens.weight");
        const c10::ScalarType fileDType =
            ck.contains(embed) ? toScalarType(ck.entry(embed).dtype) : at::kFloat;
        // The tensors decide. config.json's torch_dtype is a hint that fine-tunes and merges often
        // leave stale (transformers loads such checkpoints too); the reason says so.
        const std::map<std::string, c10::ScalarType> named{{"float32", at::kFloat}, {"bfloat16", at::kBFloat16},
                                                             {"float16", at::kHalf}};
        std::string note;
        if (const auto it = named.find(c.torchDtype); it != named.end() && ck.contains(embed) && it->second != fileDType)
            note = "; config.json's torch_dtype says " + c.torchDtype + " but tensor '" + embed + "' in " +
                   ck.fileOf(embed).filename().string() + " is " + dtypeName(fileDType) + ": the tensors decide";
        const DTypeChoice choice = chooseDType(w.device, fileDType, cpuHasNativeBf16());
        w.dtype = choice.dtype;
        m->m_dtypeReason = choice.reason + note;
    }
    if (w.device.is_cpu()) checkFitsInMemory(ck, w.dtype, dir);
    const std::string canon = canonicalPrefix(c);
    auto loadChecked = [&](const std::string& fileName, const std::string& canonName,
                           const std::vector<int64_t>& shape) {
        const TensorEntry& e = ck.entry(fileName);
        if (e.shape != shape)
            throw Error(describe(ck.fileOf(fileName).string(), "tensor '" + fileName + "'",
                                 "has shape " + shapeText(e.shape) + " but config.json implies " +
                                     shapeText(shape)));
        w.byName[canonName] = ck.tensor(fileName, w.dtype, w.device);
    };
    for (const auto& spec : parameterSpecs(c, "")) loadChecked(filePrefix + spec.name, canon + spec.name, spec.shape);
    if (c.head == HeadKind::SequenceClassification) {
        loadChecked("score.weight", "score.weight", {c.numLabels, c.hiddenSize});
    } else if (!c.tieEmbeddings) {
        if (!ck.contains("lm_head.weight"))
            throw Error(describe(ck.source().string(), "tensor 'lm_head.weight'",
                                 "missing, and config.json sets tie_word_embeddings to false"));
        loadChecked("lm_head.weight", "lm_head.weight", {c.vocabSize, c.hiddenSize});
    }
    assemble(w, c, canon);
    return m;
}

std::unique_ptr<Transformer> Transformer::random(const ModelConfig& config, const LoadOptions& options,
                                                 uint64_t seed) {
    std::unique_ptr<Transformer> m(new Transformer());
    m->m_config = config;
    Weights& w = *m->m_w;
    w.device = options.device.value_or(defaultDevice());
    w.dtype = options.dtype.value_or(defaultDType(w.device));
    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    const auto opts = at::TensorOptions().dtype(at::kFloat);
    const std::string canon = canonicalPrefix(config);
    auto make = [&](const std::vector<int64_t>& shape, bool normWeight) {
        at::Tensor t = normWeight ? (config.normPlusOne ? at::zeros(shape, opts) : at::ones(shape, opts))
                                  : at::normal(0.0, 0.02, shape, gen, opts);
        return t.to(w.device, w.dtype);
    };
    for (const auto& spec : parameterSpecs(config, canon)) {
        const bool bias = spec.name.size() > 5 && spec.name.compare(spec.name.size() - 5, 5, ".bias") == 0;
        w.byName[spec.name] = bias ? at::zeros(spec.shape, opts).to(w.device, w.dtype) : make(spec.shape, spec.norm);
    }
    if (config.head == HeadKind::SequenceClassification)
        w.byName["score.weight"] = make({config.numLabels, config.hiddenSize}, false);
    else if (!config.tieEmbeddings)
        w.byName["lm_head.weight"] = make({config.vocabSize, config.hiddenSize}, false);
    assemble(w, config, canon);
    return m;
}

int64_t Transformer::parameterCount() const {
    int64_t n = 0;
    for (const auto& [name, t] : m_w->byName) n += t.numel();
    return n;
}

std::vector<std::pair<std::string, at::Tensor>> Transformer::namedParameters() const {
    return {m_w->byName.begin(), m_w->byName.end()};
}

void Transformer::replaceParameters(const std::vector<std::pair<std::string, at::Tensor>>& tensors) {
    for (const auto& [name, t] : tensors) {
        auto it = m_w->byName.find(name);
        if (it == m_w->byName.end()) throw Error(m_dir.string() + ": no parameter named '" + name + "'");
        if (it->second.sizes() != t.sizes())
            throw Error(m_dir.string() + ": " + name + ": replacement has the wrong shape");
        it->second = t;
    }
    assemble(*m_w, m_config, canonicalPrefix(m_config));
}

at::Tensor Transformer::embedTokens(const at::Tensor& ids) const {
    return at::embedding(m_w->embed, ids.to(m_w->device, at::kLong));
}

ForwardOutput Transformer::forward(const ForwardInput& input, const ForwardOptions& o) const {
    const ModelConfig& c = m_config;
    const Weights& w = *m_w;
    ForwardOutput out;
    at::Tensor ids = input.ids.to(w.device, at::kLong); // [B, T]
    const int64_t B = ids.size(0), T = ids.size(1);
    const int64_t past = o.cache ? o.cache->length() : 0;

    at::Tensor valid = input.attentionMask.defined()
                           ? input.attentionMask.to(w.device).to(at::kBool)
                           : at::ones({B, T}, at::TensorOptions().dtype(at::kBool).device(w.device));
    at::Tensor pos = input.positions.defined()
                         ? input.positions.to(w.device, at::kLong)
                         : (at::arange(past, past + T, at::TensorOptions().dtype(at::kLong).device(w.device))
                                .unsqueeze(0)
                                .expand({B, T}));
    at::Tensor keyPos = pos, keyValid = valid;
    if (o.cache && past > 0) {
        keyPos = at::cat({o.cache->keyPositions, pos}, 1);
        keyValid = at::cat({o.cache->keyValid, valid}, 1);
    }
    // Masks per window size: [B, 1, T, Tk] bool, true = may attend.
    std::map<int64_t, at::Tensor> masks;
    auto maskFor = [&](int64_t window) -> const at::Tensor& {
        auto it = masks.find(window);
        if (it != masks.end()) return it->second;
        at::Tensor q = pos.unsqueeze(2);      // [B, T, 1]
        at::Tensor k = keyPos.unsqueeze(1);   // [B, 1, Tk]
        at::Tensor m = (k <= q) & keyValid.unsqueeze(1);
        if (window > 0) m = m & (k > q - window);
        return masks.emplace(window, m.unsqueeze(1)).first->second;
    };

    // Rotary tables [B, 1, T, D].
    at::Tensor cos, sin;
    if (c.arch != Arch::Gpt2) {
        at::Tensor freqs = pos.to(at::kFloat).unsqueeze(-1) * w.invFreq; // [B, T, D/2]
        at::Tensor emb = at::cat({freqs, freqs}, -1);
        cos = emb.cos().to(w.dtype).unsqueeze(1);
        sin = emb.sin().to(w.dtype).unsqueeze(1);
    }

    // Last real token of each row in this pass (prefill); edits at LastPrompt act there.
    at::Tensor lastIndex;
    if (o.intervention && !o.decodeStep)
        lastIndex = std::get<0>((at::arange(T, valid.options().dtype(at::kLong)).unsqueeze(0) *
                                 valid.to(at::kLong)).max(1));

    at::Tensor x; // [B, T, H]
    int firstBlock = 0;
    const bool fromCache = o.startHidden.defined();
    if (fromCache && o.startLayer >= 0) {
        x = applyEdits(o.startHidden.to(w.device, w.dtype), o.startLayer, o, lastIndex);
        firstBlock = o.startLayer + 1;
    } else {
        if (fromCache && o.startLayer == kHookEmbedTokens) x = o.startHidden.to(w.device, w.dtype);
        else if (!fromCache) x = at::embedding(w.embed, ids);
        if (!fromCache || o.startLayer == kHookEmbedTokens) {
            x = applyEdits(x, kHookEmbedTokens, o, lastIndex);
            if (c.embedScaled)
                x = x * at::scalar_tensor(std::sqrt(static_cast<double>(c.hiddenSize)), x.options());
            if (c.arch == Arch::Gpt2) x = x + at::embedding(w.posEmbed, pos);
        } else {
            x = o.startHidden.to(w.device, w.dtype); // kHookEmbedding
        }
        x = applyEdits(x, kHookEmbedding, o, lastIndex);
    }
    if (o.collectHidden) out.hidden.push_back(x);

    const int64_t nh = c.numHeads, nkv = c.numKvHeads, D = c.headDim;
    if (o.cache && o.cache->keys.empty()) {
        o.cache->keys.resize(static_cast<size_t>(c.numLayers));
        o.cache->values.resize(static_cast<size_t>(c.numLayers));
    }
    // When only a few positions' logits are wanted (PGD's target positions), the last block
    // computes its queries, attention output and MLP at those positions only: its keys and
    // values still cover every position, so the logits are the same.
    bool trimLast = o.logitPositions.defined() && o.logitPositions.dim() == 2 && !o.cache && !o.collectHidden &&
                    o.computeHead && c.arch != Arch::Gpt2;
    if (trimLast && o.intervention)
        for (const auto& e : o.intervention->edits) trimLast = trimLast && e.layer != c.numLayers - 1;
    bool trimmed = false;
    const bool yieldable = mayYield(); // a background job: each block is a pre-emption boundary
    for (int64_t l = firstBlock; l < c.numLayers; ++l) {
        if (yieldable) yieldToInteractive();
        const Block& blk = w.blocks[static_cast<size_t>(l)];
        const bool trimHere = trimLast && l == c.numLayers - 1;
        at::Tensor sel; // [B, K] positions kept at this block's output
        int64_t Tq = T;
        if (trimHere) {
            sel = o.logitPositions.to(w.device, at::kLong);
            Tq = sel.size(1);
        }
        auto rows = [&](const at::Tensor& t, int64_t dim) { // gather `sel` along dim (size T)
            std::vector<int64_t> shape(static_cast<size_t>(t.dim()), 1);
            shape[0] = B;
            shape[static_cast<size_t>(dim)] = Tq;
            at::Tensor idx = sel.view(shape).expand_as(t.narrow(dim, 0, Tq));
            return t.gather(dim, idx);
        };
        at::Tensor h = blk.inputNorm(x);
        at::Tensor q, k, v;
        if (c.arch == Arch::Gpt2) {
            auto parts = blk.qkv(h).split(c.hiddenSize, -1);
            q = parts[0], k = parts[1], v = parts[2];
        } else {
            q = trimHere ? blk.q(rows(h, 1)) : blk.q(h);
            k = blk.k(h), v = blk.v(h);
        }
        q = q.view({B, Tq, nh, D}).transpose(1, 2); // [B, nh, Tq, D]
        k = k.view({B, T, nkv, D}).transpose(1, 2); // [B, nkv, T, D]
        v = v.view({B, T, nkv, D}).transpose(1, 2);
        if (cos.defined()) {
            const at::Tensor qc = trimHere ? rows(cos.expand({B, 1, T, cos.size(3)}), 2) : cos;
            const at::Tensor qs = trimHere ? rows(sin.expand({B, 1, T, sin.size(3)}), 2) : sin;
            q = q * qc + rotateHalf(q) * qs;
            k = k * cos + rotateHalf(k) * sin;
        }
        if (o.cache) {
            auto& ck = o.cache->keys[static_cast<size_t>(l)];
            auto& cv = o.cache->values[static_cast<size_t>(l)];
            if (o.cache->capacity >= past + T) {
                if (!ck.defined()) {
                    ck = at::zeros({B, nkv, o.cache->capacity, D}, k.options());
                    cv = at::zeros({B, nkv, o.cache->capacity, D}, v.options());
                }
                ck.narrow(2, past, T).copy_(k);
                cv.narrow(2, past, T).copy_(v);
                k = ck.narrow(2, 0, past + T);
                v = cv.narrow(2, 0, past + T);
            } else {
                if (ck.defined()) {
                    if (ck.size(2) != past) ck = ck.narrow(2, 0, past), cv = cv.narrow(2, 0, past); // outgrew capacity
                    k = at::cat({ck, k}, 2);
                    v = at::cat({cv, v}, 2);
                }
                ck = k;
                cv = v;
            }
        }
        if (nkv != nh) {
            k = k.repeat_interleave(nh / nkv, 1);
            v = v.repeat_interleave(nh / nkv, 1);
        }
        at::Tensor scores = at::matmul(q, k.transpose(-1, -2)) * c.attnScale; // [B, nh, Tq, Tk]
        if (c.attnSoftcap > 0) scores = at::tanh(scores / c.attnSoftcap) * c.attnSoftcap;
        const at::Tensor& allowed = maskFor(blk.window);
        scores = scores.masked_fill((trimHere ? rows(allowed, 2) : allowed).logical_not(), lowestOf(scores.scalar_type()));
        at::Tensor probs = at::softmax(scores, -1, at::kFloat).to(v.scalar_type());
        at::Tensor attn = at::matmul(probs, v).transpose(1, 2).reshape({B, Tq, nh * D});
        attn = blk.o(attn);
        if (trimHere) {
            x = rows(x, 1); // [B, K, H]
            trimmed = true;
        }
        if (c.arch == Arch::Gpt2) {
            x = x + attn;
            at::Tensor m = blk.postAttnNorm(x);
            x = x + blk.down(activate(blk.up(m), c.activation));
        } else if (c.sandwichNorms) {
            x = x + blk.postAttnNorm(attn);
            at::Tensor m = blk.preFfnNorm(x);
            m = blk.down(activate(blk.gate(m), c.activation) * blk.up(m));
            x = x + blk.postFfnNorm(m);
        } else {
            x = x + attn;
            at::Tensor m = blk.postAttnNorm(x);
            x = x + blk.down(activate(blk.gate(m), c.activation) * blk.up(m));
        }
        x = applyEdits(x, static_cast<int>(l), o, lastIndex);
        if (yieldable && x.requires_grad()) x.register_hook([](const at::Tensor&) { yieldToInteractive(); });
        if (o.collectHidden) out.hidden.push_back(x);
    }
    if (o.cache) {
        o.cache->keyPositions = keyPos;
        o.cache->keyValid = keyValid;
    }
    out.normed = w.finalNorm(x);
    if (!o.computeHead) return out;
    at::Tensor n = out.normed;
    if (o.logitPositions.defined() && !trimmed) {
        at::Tensor p = o.logitPositions.to(w.device, at::kLong).view({B, -1});   // [B, K]
        n = n.gather(1, p.unsqueeze(-1).expand({B, p.size(1), n.size(2)})); // [B, K, H]
    }
    out.logits = at::linear(n, w.head);
    if (c.finalSoftcap > 0) out.logits = at::tanh(out.logits / c.finalSoftcap) * c.finalSoftcap;
    return out;
}

at::Tensor Transformer::poolIndex(const at::Tensor& ids, const at::Tensor& attentionMask) const {
    // transformers >= 4.48 pools at the last token that is not pad_token_id; the fixture's
    // older rule (first pad - 1) agrees whenever padding is only at the right end. With an
    // attention mask, masked positions never count.
    at::Tensor keep;
    const int64_t T = ids.size(1);
    if (m_config.padTokenId) keep = ids.ne(*m_config.padTokenId);
    else keep = at::ones_like(ids, at::TensorOptions().dtype(at::kBool));
    if (attentionMask.defined()) keep = keep & attentionMask.to(ids.device()).to(at::kBool);
    at::Tensor idx = at::arange(T, ids.options().dtype(at::kLong)).unsqueeze(0) * keep.to(at::kLong);
    return std::get<0>(idx.max(1)); // [B]; 0 when nothing is kept
}

at::Tensor Transformer::pooledScores(const ForwardOutput& out, const at::Tensor& ids,
                                     const at::Tensor& attentionMask) const {
    if (m_config.head != HeadKind::SequenceClassification)
        throw Error(m_dir.string() + ": pooledScores needs a sequence-classification model (a 'score' head)");
    at::Tensor idx = poolIndex(ids.to(out.logits.device()), attentionMask);
    const int64_t B = out.logits.size(0), L = out.logits.size(2);
    return out.logits.gather(1, idx.view({B, 1, 1}).expand({B, 1, L})).squeeze(1);
}

} // namespace auditgap::core
