#include "bench/BenchSupport.h"

#include <sys/resource.h>

#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "Error.h"
#include "io/AtomicFile.h"
#include "io/Checkpoint.h"
#include "model/ModelConfig.h"
#include "model/Transformer.h"

namespace auditgap::core {

void writeRandomModel(const std::filesystem::path& dir, const nlohmann::json& config, uint64_t seed, const char* dtype) {
    std::filesystem::create_directories(dir);
    AtomicFile::writeText(dir / "config.json", config.dump(1));
    const ModelConfig c = ModelConfig::fromJson(config, (dir / "config.json").string());
    const auto type = std::string(dtype) == "bf16" ? at::kBFloat16 : at::kFloat;
    auto m = Transformer::random(c, {c10::Device(c10::kCPU), type}, seed);
    writeSafeTensors(dir / "model.safetensors", m->namedParameters());
}

TempFolder::TempFolder() {
    std::string t = (std::filesystem::temp_directory_path() / "auditgap-bench-XXXXXX").string();
    if (!::mkdtemp(t.data())) throw Error("cannot create a temporary folder");
    path = t;
}

TempFolder::~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
}

int64_t peakRssBytes() {
    struct rusage u {};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<int64_t>(u.ru_maxrss) * 1024;
}

} // namespace auditgap::core
