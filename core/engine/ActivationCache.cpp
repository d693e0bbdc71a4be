#include "engine/ActivationCache.h"

namespace auditgap::core {

std::string ActivationCache::key(const std::string& model, const std::vector<int64_t>& prompt,
                                 const std::vector<int64_t>& target) {
    std::string k = model;
    k.push_back('\0');
    k.append(reinterpret_cast<const char*>(prompt.data()), prompt.size() * sizeof(int64_t));
    k.push_back('\1');
    k.append(reinterpret_cast<const char*>(target.data()), target.size() * sizeof(int64_t));
    return k;
}

const std::vector<at::Tensor>* ActivationCache::find(const std::string& model, const std::vector<int64_t>& prompt,
                                                     const std::vector<int64_t>& target) {
    auto it = m_entries.find(key(model, prompt, target));
    if (it == m_entries.end()) return nullptr;
    m_lru.splice(m_lru.begin(), m_lru, it->second.lru);
    ++m_hits;
    return &it->second.activations;
}

void ActivationCache::insert(const std::string& model, const std::vector<int64_t>& prompt,
                             const std::vector<int64_t>& target, std::vector<at::Tensor> activations) {
    const std::string k = key(model, prompt, target);
    if (m_entries.count(k)) return;
    int64_t bytes = 0;
    for (const auto& t : activations) bytes += static_cast<int64_t>(t.numel() * t.element_size());
    m_lru.push_front(k);
    m_entries[k] = Entry{std::move(activations), bytes, m_lru.begin()};
    m_bytes += bytes;
    while (m_bytes > m_maxBytes && m_lru.size() > 1) {
        auto victim = m_entries.find(m_lru.back());
        m_bytes -= victim->second.bytes;
        m_entries.erase(victim);
        m_lru.pop_back();
    }
}

void ActivationCache::clear() {
    m_entries.clear();
    m_lru.clear();
    m_bytes = 0;
}

} // namespace auditgap::core
