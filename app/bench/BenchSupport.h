#pragma once
// What the benchmarks share (internal to app/bench): random checkpoints written as Hugging Face
// folders, a temporary folder, and the process's peak resident memory.
#include <cstdint>
#include <filesystem>

#include <nlohmann/json_fwd.hpp>

namespace auditgap::core {

// A random model written as a Hugging Face folder (model.safetensors in `dtype`: "f32" or
// "bf16"), so the engine loads it like any other.
void writeRandomModel(const std::filesystem::path& dir, const nlohmann::json& config, uint64_t seed,
                      const char* dtype = "f32");

struct TempFolder {
    std::filesystem::path path;
    TempFolder();
    ~TempFolder();
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
};

// The process's peak resident set (getrusage), bytes.
int64_t peakRssBytes();

} // namespace auditgap::core
