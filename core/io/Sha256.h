#pragma once
// SHA-256 (FIPS 180-4), streaming. Torch-free; one object per thread.
#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace auditgap::core {

class Sha256 {
public:
    Sha256();
    void update(const void* data, size_t size);
    void update(std::string_view s) { update(s.data(), s.size()); }
    std::string hexDigest(); // finishes the hash; call once

    static std::string ofString(std::string_view s);
    // Throws Error naming the file when it cannot be read.
    static std::string ofFile(const std::filesystem::path& file);

private:
    void block(const uint8_t* p);
    std::array<uint32_t, 8> m_h;
    std::array<uint8_t, 64> m_buf{};
    size_t m_used = 0;
    uint64_t m_bytes = 0;
};

// The weights' identity for sessions and results: SHA-256 over config.json and every
// *.safetensors file of a model folder (sorted by name; each as name, NUL, bytes), or over the
// file itself when `path` is a file. `progress` (any thread, the caller's) sees the bytes hashed
// so far and the total after every MiB; returning false cancels (throws Cancelled).
using HashProgress = std::function<bool(uint64_t done, uint64_t total)>;
std::string modelHash(const std::filesystem::path& path, const HashProgress& progress = {});
// The files modelHash reads, in its order: `path` itself when it is a file.
std::vector<std::filesystem::path> modelHashFiles(const std::filesystem::path& path);

} // namespace auditgap::core
