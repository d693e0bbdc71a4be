#include "engine/ModelStore.h"

#include "metrics/RewardModel.h"
#include "model/LanguageModel.h"

namespace auditgap::core {

std::shared_ptr<LanguageModel> ModelStore::model(const std::string& dir, const std::string& device, const std::string& dtype) {
    std::lock_guard<std::mutex> lock(m_mutex);
    const std::string key = dir + "|" + device + "|" + dtype;
    auto it = m_models.find(key);
    if (it != m_models.end()) return it->second;
    auto m = LanguageModel::load(dir, parseLoadOptions(device, dtype));
    m_models[key] = m;
    return m;
}

std::shared_ptr<RewardModel> ModelStore::reward(const std::string& dir, const std::string& device, const std::string& dtype) {
    std::lock_guard<std::mutex> lock(m_mutex);
    const std::string key = dir + "|" + device + "|" + dtype;
    auto it = m_rewards.find(key);
    if (it != m_rewards.end()) return it->second;
    auto r = RewardModel::load(dir, parseLoadOptions(device, dtype));
    m_rewards[key] = r;
    return r;
}

size_t ModelStore::modelCount() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_models.size();
}

void ModelStore::clear() {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_models.clear();
    m_rewards.clear();
}

} // namespace auditgap::core
