#pragma once
// All weights of one model folder: `model.safetensors`, or the shards listed by
// `model.safetensors.index.json`. Pickle checkpoints are refused (they can execute code).
// Tensors are made on the memory map without copying when the stored dtype is the requested
// one and the device is the CPU, so a model costs about 1x its file size in memory.
// Read-only after open(); tensor() may be called from one thread at a time.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include "io/SafeTensorsFile.h"

namespace auditgap::core {

class Checkpoint {
public:
    // `dir` is a model folder (or a single .safetensors file). Throws Error.
    static Checkpoint open(const std::filesystem::path& dir);

    bool contains(const std::string& name) const { return m_where.count(name) != 0; }
    const TensorEntry& entry(const std::string& name) const;
    std::vector<std::string> names() const;
    // The file holding tensor `name` (throws Error when missing).
    const std::filesystem::path& fileOf(const std::string& name) const;
    // Throws Error naming the file and tensor when `name` is missing. In the stored dtype on the
    // CPU: mapped from the file, no copy. Otherwise converted (or copied to the device), and this
    // process's pages of the source bytes are released, so that a converted model holds one copy
    // of its weights, not the converted one plus the mapped one (a tensor mapped earlier from the
    // same bytes reads them from the file again: never written, weights are read-only).
    at::Tensor tensor(const std::string& name, c10::ScalarType dtype, c10::Device device) const;
    const std::filesystem::path& source() const { return m_source; }
    std::vector<std::filesystem::path> files() const;

private:
    // (file index, entry) of `name`; throws Error naming the tensor when it is missing.
    const std::pair<size_t, const TensorEntry*>& locate(const std::string& name) const;

    std::filesystem::path m_source;
    std::vector<std::shared_ptr<SafeTensorsFile>> m_files;
    std::map<std::string, std::pair<size_t, const TensorEntry*>> m_where;
};

// Throws Error with a conversion hint when `dir` holds only pickle checkpoints.
void refusePickleCheckpoint(const std::filesystem::path& dir);

c10::ScalarType toScalarType(DType dtype);

// Writes tensors as a safetensors file Hugging Face reads (8-byte aligned header,
// `__metadata__` with "format": "pt"), atomically.
void writeSafeTensors(const std::filesystem::path& path,
                      const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

// Writes tensors as the Hub ships larger models: `model-0000i-of-0000n.safetensors` shards of at
// most `maxShardBytes` each (a tensor larger than that gets a shard of its own), in the given
// order, and `model.safetensors.index.json` (metadata.total_size, weight_map), each file
// atomically; the index last, so a folder without it holds no half-described checkpoint.
// Returns the shard paths.
std::vector<std::filesystem::path> writeShardedSafeTensors(const std::filesystem::path& dir,
                                                           const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                                                           uint64_t maxShardBytes);

} // namespace auditgap::core
