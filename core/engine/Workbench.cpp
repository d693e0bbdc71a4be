#include "engine/Workbench.h"

#include "Error.h"
#include "engine/ModelStore.h"
#include "io/HashCache.h"
#include "intervene/FineTune.h"
#include "metrics/PrefixJudge.h"
#include "model/LanguageModel.h"
#include "model/ModelConfig.h"

namespace auditgap::core {

LoadedModelInfo modelFolderInfo(const std::string& path) {
    const ModelConfig c = ModelConfig::load(path);
    LoadedModelInfo info;
    info.path = path;
    info.architecture = c.architecture;
    info.numLayers = c.numLayers;
    info.hiddenSize = c.hiddenSize;
    return info;
}

LoadedModelInfo loadModelInfo(ModelStore& store, const std::string& path, const std::string& device,
                              const std::string& dtype, WeightsHash hash) {
    const auto lm = store.model(path, device, dtype);
    const Transformer& net = lm->net();
    LoadedModelInfo info;
    info.path = path;
    info.architecture = net.config().architecture;
    if (hash == WeightsHash::Now || path.empty())
        info.sha256 = lm->hash();
    else
        info.sha256 = lookUpModelHash(path).value_or("");
    info.device = deviceName(net.device());
    info.dtype = dtypeName(net.dtype());
    info.numLayers = net.config().numLayers;
    info.hiddenSize = net.config().hiddenSize;
    info.parameters = net.parameterCount();
    info.hasTokenizer = lm->hasTokenizer();
    if (info.hasTokenizer && !path.empty()) {
        const auto file = std::filesystem::path(path) / "tokenizer.json";
        std::error_code ec;
        if (std::filesystem::is_regular_file(file, ec)) info.tokenizerSha256 = Sha256::ofFile(file);
    }
    return info;
}

LiveEstimate estimateRefusal(ModelStore& store, const std::string& path, const std::string& device,
                             const std::string& dtype, const LiveEstimateRequest& request,
                             const std::atomic<bool>* cancel, ActivationCache* cache, const EstimateSink& onPartial) {
    const auto lm = store.model(path, device, dtype);
    if (!lm->hasTokenizer())
        throw Error(describe(path, "tokenizer.json", "live estimates need the model's tokenizer"));
    return estimateRefusal(*lm, request, cancel, cache, path + "|" + device + "|" + dtype, onPartial);
}

RefusalGradients refusalGradients(ModelStore& store, const std::string& path, const std::string& device,
                                  const std::string& dtype, const std::vector<PromptItem>& prompts,
                                  const std::atomic<bool>* cancel) {
    const auto lm = store.model(path, device, dtype);
    if (!lm->hasTokenizer())
        throw Error(describe(path, "tokenizer.json", "live estimates need the model's tokenizer"));
    return refusalGradients(*lm, prompts, cancel);
}

FineTuneCurve fineTuneCurve(const FineTuneRequest& rq, const std::atomic<bool>* cancel,
                            const std::function<void(const FineTuneCurve::Point&)>& onPoint) {
    // A private copy: fine-tuning changes the weights in place.
    const auto lm = LanguageModel::load(rq.path, parseLoadOptions(rq.device, rq.dtype));
    FineTuneOptions o;
    o.train = rq.train;
    o.evalPrompts = rq.evalPrompts;
    o.learningRate = rq.learningRate;
    o.maxSteps = rq.maxSteps;
    o.evalEvery = rq.evalEvery;
    o.evalMaxNewTokens = rq.evalMaxNewTokens;
    o.seed = rq.seed;
    o.cancel = cancel;
    FineTuneCurve curve;
    const FineTuneResult r = harmfulFineTune(*lm, PrefixJudge::builtIn(), o, [&](const FineTunePoint& p) {
        FineTuneCurve::Point q{p.step, p.compliance, p.refusal, p.loss};
        curve.points.push_back(q);
        if (onPoint)
            onPoint(q);
    });
    curve.onset = r.onset;
    return curve;
}

} // namespace auditgap::core
