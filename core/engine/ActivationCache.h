#pragma once
// Clean activations per (model, prompt, target): every hook point's [T, H] for prompt ++ target,
// computed once and reused by every layer, budget and later sweep (DESIGN §3). Least recently
// used entries go first once the byte budget is exceeded. Worker thread only (not locked).
#include <cstdint>
#include <list>
#include <map>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

namespace auditgap::core {

class ActivationCache {
public:
    explicit ActivationCache(int64_t maxBytes = int64_t(2) << 30) : m_maxBytes(maxBytes) {}

    // nullptr when absent. Entries: hook points (kHookEmbedTokens first), each [T, H].
    const std::vector<at::Tensor>* find(const std::string& model, const std::vector<int64_t>& prompt,
                                        const std::vector<int64_t>& target);
    void insert(const std::string& model, const std::vector<int64_t>& prompt, const std::vector<int64_t>& target,
                std::vector<at::Tensor> activations);
    void clear();
    int64_t bytes() const { return m_bytes; }
    size_t size() const { return m_entries.size(); }
    int64_t hits() const { return m_hits; }

private:
    struct Entry {
        std::vector<at::Tensor> activations;
        int64_t bytes = 0;
        std::list<std::string>::iterator lru;
    };
    static std::string key(const std::string& model, const std::vector<int64_t>& prompt, const std::vector<int64_t>& target);
    std::map<std::string, Entry> m_entries;
    std::list<std::string> m_lru; // front = most recent
    int64_t m_maxBytes;
    int64_t m_bytes = 0;
    int64_t m_hits = 0;
};

} // namespace auditgap::core
