#pragma once
// Loaded models by (folder, device, dtype), kept for the next request. Any thread: lookups are
// locked, so two engines (the GUI's fast and slow lanes) can share one store and one copy of
// the weights. Loaded models are only read (inference, attacks on δ); never train them in place.
#include <map>
#include <memory>
#include <mutex>
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
    size_t modelCount() const; // models held (one per folder, device and dtype)

private:
    mutable std::mutex m_mutex;
    std::map<std::string, std::shared_ptr<LanguageModel>> m_models;
    std::map<std::string, std::shared_ptr<RewardModel>> m_rewards;
};

} // namespace auditgap::core
