#pragma once
// `auditgap-cli demo build`: the whole demo family regenerated from the seed — data, tokenizer,
// base, harmful pole, dissociated twin, reward model — into one folder:
//
//   DIR/demo.json                  manifest ("format": "auditgap-demo"), recipe and training log
//   DIR/tokenizer/                 tokenizer.json + tokenizer_config.json (chat template)
//   DIR/base|harmful|dissociated/  Llama-architecture causal LMs (Hugging Face folders)
//   DIR/reward/                    GPT-2-architecture sequence classifier (`score` head)
//   DIR/prompts/*.jsonl            the prompt sets (training and held-out evaluation splits)
//
// Everything is written to a temporary sibling folder that replaces DIR only when complete, so
// a cancelled or failed build (disk full, write error) leaves the previous family intact.
// A DIR that exists but is not a demo folder is refused before any work starts.
// Runs on the calling thread; `cancel` may be set from any thread.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace auditgap::core {

constexpr const char* kDemoFormat = "auditgap-demo";
constexpr int kDemoVersion = 1;
constexpr uint64_t kDemoSeed = 20261130;

// The demo's headline relative budget p is computed by the build from the base model: the
// budget whose ℓ∞ ball at the nudge layer has the planted nudge's ℓ2 size per position,
// p = nudge_scale·s / (mean_x max|h(x)| · √H), rounded to one significant digit.
double demoHeadlineBudget(double nudgeScale, double meanNorm, double meanMaxAbs, int64_t hidden);

struct DemoBuildOptions {
    std::filesystem::path out;
    bool quick = false;
    uint64_t seed = kDemoSeed;
    const std::atomic<bool>* cancel = nullptr;
    // Progress in cost units over the whole build (for the ETA), with the current stage's name.
    std::function<void(const std::string& stage, double done, double total)> onProgress;
    std::function<void(const std::string& line)> onLog;
    // Called after each file is written into the temporary folder (tests inject write errors).
    std::function<void(const std::filesystem::path& file)> onFileWritten;
};

// Returns the manifest written to DIR/demo.json. Throws Error (nothing changed on disk) or
// Cancelled.
nlohmann::json buildDemo(const DemoBuildOptions& options);

// True when `dir` holds a demo.json whose "format" is kDemoFormat.
bool isDemoFolder(const std::filesystem::path& dir);
// DIR/demo.json, checked (Error naming the file and field otherwise).
nlohmann::json readDemoManifest(const std::filesystem::path& dir);

} // namespace auditgap::core
