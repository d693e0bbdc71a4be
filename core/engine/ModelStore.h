#pragma once
// Loaded models by (folder, device, dtype), kept for the next request. Worker thread only.
#include <map>
#include <memory>
#include <string>

namespace auditgap::core {

class LanguageModel;
class RewardModel;

class ModelStore {
public:
    // `device`/`dtype`: "" = defaults, else "cpu", "cuda", "cuda:1" / "f32", "bf16", "f16".
    std::shared_ptr<LanguageModel> model(const std::string& dir, const std::string& device = "",
                                         const std::string& dtype = "");
    std::shared_ptr<RewardModel> reward(const std::string& dir, const std::string& device = "",
                                        const std::string& dtype = "");
    void clear();

private:
    std::map<std::string, std::shared_ptr<LanguageModel>> m_models;
    std::map<std::string, std::shared_ptr<RewardModel>> m_rewards;
};

} // namespace auditgap::core
