#include "platform/Runtime.h"

#include "Error.h"

#include <cstdlib>
#include <sys/resource.h>
#include <dlfcn.h>
#include <fstream>
#include <link.h>
#include <malloc.h>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>

#include <torch/torch.h>

namespace auditgap::core {

namespace {
constexpr const char* kReexecGuard = "AUDITGAP_BLAS_CONFIGURED";

std::set<std::string> words(const std::string& s) {
    std::istringstream in(s);
    std::set<std::string> out;
    std::string w;
    while (in >> w) out.insert(w);
    return out;
}

std::string cpuFlags() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("flags", 0) == 0) {
            auto colon = line.find(':');
            return colon == std::string::npos ? std::string() : line.substr(colon + 1);
        }
    return {};
}
} // namespace

std::string chooseOpenBlasCoretype(const std::string& flagsText) {
    const auto f = words(flagsText);
    if (f.count("avx512f") && f.count("avx512bw") && f.count("avx512vl") && f.count("avx512dq"))
        return "SkylakeX";
    if (f.count("avx2") && f.count("fma")) return "Haswell";
    if (f.count("avx")) return "Sandybridge";
    return {};
}

bool cpuHasNativeBf16(const std::string& flagsText) {
    const auto f = words(flagsText);
    return f.count("avx512_bf16") > 0 || f.count("amx_bf16") > 0;
}

bool cpuHasNativeBf16() {
    // AUDITGAP_CPU_BF16=0|1 overrides the detection (tests of the rule on any machine).
    if (const char* v = std::getenv("AUDITGAP_CPU_BF16")) return std::string(v) == "1";
    static const bool native = cpuHasNativeBf16(cpuFlags());
    return native;
}

int64_t physicalMemoryBytes() {
    if (const char* v = std::getenv("AUDITGAP_MEMORY_BYTES"); v && *v) return std::atoll(v);
    std::ifstream in("/proc/meminfo");
    std::string key, unit;
    int64_t kb = 0;
    while (in >> key >> kb >> unit)
        if (key == "MemTotal:") return kb * 1024;
    return 0;
}

int64_t residentBytes() {
    std::ifstream statm("/proc/self/statm");
    int64_t pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * static_cast<int64_t>(::sysconf(_SC_PAGESIZE));
}

int64_t peakResidentBytes() {
    struct rusage u {};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<int64_t>(u.ru_maxrss) * 1024;
}

void prepareProcess(int argc, char** argv) {
    (void)argc;
    if (std::getenv(kReexecGuard)) return;
    bool restart = false;
    // libtorch's OpenMP pool and the OpenMP OpenBLAS share two cores: with the default
    // (spinning) wait policy each pool's idle threads burn the other's time slices; a decode
    // step of 72 rows ran 3.5x slower. libgomp reads the variable when it loads.
    if (!std::getenv("OMP_WAIT_POLICY")) {
        ::setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
        restart = true;
    }
    std::string core = "unchanged";
#if defined(__x86_64__)
    if (!std::getenv("OPENBLAS_CORETYPE")) {
        core = chooseOpenBlasCoretype(cpuFlags());
        if (!core.empty()) {
            ::setenv("OPENBLAS_CORETYPE", core.c_str(), 1);
            restart = true;
        } else {
            core = "none";
        }
    }
#endif
    ::setenv(kReexecGuard, core.c_str(), 1);
    // OpenBLAS and libgomp read their variables in library constructors, which already ran:
    // start over once.
    if (restart) ::execv("/proc/self/exe", argv);
    // exec failed (or nothing to change): carry on with the libraries' own choices.
}

void initRuntime() {
    int threads = static_cast<int>(std::thread::hardware_concurrency());
    if (const char* env = std::getenv("AUDITGAP_THREADS")) {
        const int n = std::atoi(env);
        if (n > 0) threads = n;
    }
    if (threads < 1) threads = 1;
    at::set_num_threads(threads);
    // glibc serves every allocation above its mmap threshold (128 KiB, adapting up to 32 MiB)
    // with fresh pages and trims freed heap tops, so each activation tensor of a forward pass
    // pays page faults and zeroing: a 960x512 @ 512x1280 linear ran at 55 GFLOP/s instead of
    // 135. Keeping freed memory in the heap for reuse removes that (measured 2.4x on that GEMM).
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_TOP_PAD, 64 << 20);
}

namespace {
int collectBlas(struct dl_phdr_info* info, size_t, void* data) {
    auto* out = static_cast<std::string*>(data);
    const std::string name = info->dlpi_name ? info->dlpi_name : "";
    if (out->empty() && (name.find("libopenblas") != std::string::npos ||
                         name.find("libblas") != std::string::npos ||
                         name.find("libmkl") != std::string::npos))
        *out = name;
    return 0;
}
} // namespace

RuntimeInfo runtimeInfo() {
    RuntimeInfo r;
    dl_iterate_phdr(collectBlas, &r.blasLibrary);
    char resolved[4096];
    if (!r.blasLibrary.empty() && ::realpath(r.blasLibrary.c_str(), resolved)) r.blasLibrary = resolved;
    using NameFn = char* (*)();
    if (auto fn = reinterpret_cast<NameFn>(::dlsym(RTLD_DEFAULT, "openblas_get_corename"))) r.blasKernel = fn();
    if (auto fn = reinterpret_cast<NameFn>(::dlsym(RTLD_DEFAULT, "openblas_get_config"))) r.blasConfig = fn();
    if (r.blasKernel.empty()) r.blasKernel = r.blasLibrary.empty() ? "none found" : "not OpenBLAS";
    const char* guard = std::getenv(kReexecGuard);
    if (guard && std::string(guard) != "none" && std::string(guard) != "unchanged" && std::getenv("OPENBLAS_CORETYPE"))
        r.coretypeSource = "chosen by auditgap from the CPU flags";
    else if (std::getenv("OPENBLAS_CORETYPE"))
        r.coretypeSource = "from the environment";
    else
        r.coretypeSource = "unset (OpenBLAS auto-detection)";
    r.ompWaitPolicy = std::getenv("OMP_WAIT_POLICY") ? std::getenv("OMP_WAIT_POLICY") : "default";
    r.threads = at::get_num_threads();
    r.cudaAvailable = torch::cuda::is_available();
    r.device = r.cudaAvailable ? "cuda:0" : "cpu";
    r.torchVersion = std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." +
                     std::to_string(TORCH_VERSION_PATCH);
    return r;
}

std::filesystem::path findDataFile(const std::string& relative) {
    namespace fs = std::filesystem;
    std::vector<fs::path> roots;
    if (const char* env = std::getenv("AUDITGAP_DATA_DIR"); env && *env) roots.emplace_back(env);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec)
        for (fs::path dir = exe.parent_path(); !dir.empty() && roots.size() < 6; dir = dir.parent_path()) {
            roots.push_back(dir / "share" / "auditgap");
            if (dir == dir.root_path()) break;
        }
    roots.emplace_back("/usr/share/auditgap");
    std::string looked;
    for (const auto& r : roots) {
        const fs::path p = r / relative;
        if (fs::is_regular_file(p, ec)) return p;
        looked += (looked.empty() ? "" : ", ") + p.string();
    }
    throw Error(describe(relative, "", "data file not found (looked in " + looked + "); set AUDITGAP_DATA_DIR"));
}

} // namespace auditgap::core
