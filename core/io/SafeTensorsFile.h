#pragma once
// A memory-mapped, fully validated .safetensors file (torch-free).
// Layout: u64 little-endian header length N, N bytes of JSON header, then the data buffer.
// open() checks: header length inside the file and <= 100 MB, well-formed JSON, known dtypes,
// offsets in bounds and non-overlapping, byte size == numel * itemsize, unique names.
// The mapping is private copy-on-write, so tensors made on it without copying may be written
// by the program without touching the file. Immutable after open(); safe to share across threads.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace auditgap::core {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

size_t itemSize(DType dtype);
const char* dtypeName(DType dtype);      // "F32", ...
bool parseDType(const std::string& name, DType& out);

struct TensorEntry {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    uint64_t begin = 0; // offsets into the data buffer
    uint64_t end = 0;
    int64_t numel() const;
};

class SafeTensorsFile {
public:
    static constexpr uint64_t kMaxHeaderBytes = 100ull * 1000 * 1000;

    static std::shared_ptr<SafeTensorsFile> open(const std::filesystem::path& path);
    ~SafeTensorsFile();
    SafeTensorsFile(const SafeTensorsFile&) = delete;
    SafeTensorsFile& operator=(const SafeTensorsFile&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    const std::vector<TensorEntry>& entries() const { return m_entries; }
    const TensorEntry* find(const std::string& name) const;
    const std::map<std::string, std::string>& metadata() const { return m_metadata; }
    // Writable (copy-on-write) pointer to the first byte of a tensor's data.
    std::byte* data(const TensorEntry& entry) const;
    uint64_t fileSize() const { return m_size; }

private:
    SafeTensorsFile() = default;
    std::filesystem::path m_path;
    void* m_map = nullptr;
    uint64_t m_size = 0;
    uint64_t m_dataStart = 0;
    std::vector<TensorEntry> m_entries;
    std::map<std::string, size_t> m_index;
    std::map<std::string, std::string> m_metadata;
};

// Parses and validates a header against a data buffer of `dataSize` bytes. Exposed for the
// fuzzers and tests; `source` names the file in error messages.
std::vector<TensorEntry> parseSafeTensorsHeader(const std::string& headerJson, uint64_t dataSize,
                                                const std::string& source,
                                                std::map<std::string, std::string>* metadata);

struct SafeTensorsLayout {
    uint64_t dataStart = 0; // offset of the data buffer (8 + header length)
    std::vector<TensorEntry> entries;
    std::map<std::string, std::string> metadata;
};

// Validates a whole safetensors file held in memory: the 8-byte length prefix, the header and
// every tensor's bounds. What open() runs on the mapped file; exposed for the fuzzers.
SafeTensorsLayout parseSafeTensorsBytes(const void* bytes, uint64_t size, const std::string& source);

// The shard file names of a `model.safetensors.index.json` (its weight_map), sorted and
// unique; each must be a plain file name in the same folder. Throws Error naming the field.
std::vector<std::string> parseSafeTensorsIndex(const nlohmann::json& index, const std::string& source);

} // namespace auditgap::core
