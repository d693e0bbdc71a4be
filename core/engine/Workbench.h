#pragma once
// What an interactive front-end (the GUI's engine bridge) asks of loaded models, torch-free:
// a description of a loaded model, the live refusal estimate of a model held in a shared store,
// and harmful fine-tuning of a private copy of a model folder. Worker thread only (each call
// runs libtorch); `cancel` may be set from any thread and makes the call throw Cancelled.
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/LiveEstimate.h"
#include "io/Protocol.h"

namespace auditgap::core {

class ActivationCache;
class ModelStore;

struct LoadedModelInfo {
    std::string path;
    std::string architecture; // config.json architectures[0]
    std::string sha256;       // modelHash(path); empty when not computed yet (WeightsHash::IfCached)
    std::string device;       // e.g. "cpu", "cuda:0"
    std::string dtype;        // "f32", "bf16", "f16"
    int64_t numLayers = 0;
    int64_t hiddenSize = 0;
    int64_t parameters = 0;
    bool hasTokenizer = false;
    std::string tokenizerSha256; // SHA-256 of the folder's tokenizer.json bytes; "" = none
};

// What a model folder's config.json says (architecture, layers, hidden size), without loading
// the weights: for front ends that show a model they have not loaded. Throws Error naming the
// file and the field.
LoadedModelInfo modelFolderInfo(const std::string& path);

// Whether loadModelInfo hashes the weights (reading every byte) or only takes a cached hash
// (io/HashCache.h), leaving sha256 empty otherwise, for a caller that hashes in the background.
enum class WeightsHash { Now, IfCached };

// Loads (or finds) the model in `store`. Throws Error naming the folder and the field.
LoadedModelInfo loadModelInfo(ModelStore& store, const std::string& path, const std::string& device = "",
                              const std::string& dtype = "", WeightsHash hash = WeightsHash::Now);

LiveEstimate estimateRefusal(ModelStore& store, const std::string& path, const std::string& device,
                             const std::string& dtype, const LiveEstimateRequest& request,
                             const std::atomic<bool>* cancel, ActivationCache* cache,
                             const EstimateSink& onPartial = {});

RefusalGradients refusalGradients(ModelStore& store, const std::string& path, const std::string& device,
                                  const std::string& dtype, const std::vector<PromptItem>& prompts,
                                  const std::atomic<bool>* cancel);

struct FineTuneRequest {
    std::string path;                                       // model folder (loaded privately)
    std::vector<std::pair<std::string, std::string>> train; // (harmful prompt, compliant answer)
    std::vector<std::string> evalPrompts;
    double learningRate = Protocol{}.fineTuneLearningRate;
    int maxSteps = Protocol{}.fineTuneSteps;
    int evalEvery = Protocol{}.fineTuneEvalEvery;
    int evalMaxNewTokens = Protocol{}.fineTuneEvalNewTokens;
    uint64_t seed = 0;
    std::string device, dtype;
};

struct FineTuneCurve {
    struct Point {
        int step = 0;
        double compliance = 0.0, refusal = 0.0, loss = 0.0;
    };
    std::vector<Point> points;
    std::optional<int> onset; // t_0.8
};

FineTuneCurve fineTuneCurve(const FineTuneRequest& request, const std::atomic<bool>* cancel,
                            const std::function<void(const FineTuneCurve::Point&)>& onPoint);

} // namespace auditgap::core
