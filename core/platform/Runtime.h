#pragma once
// Process-wide CPU set-up for fast libtorch on Debian (DESIGN §5):
//  - OpenBLAS 0.3.21 mis-detects some virtual CPUs and picks a slow kernel; when
//    OPENBLAS_CORETYPE is unset, prepareProcess() chooses it from the CPU flags and re-executes
//    the program once so the library sees it at load time.
//  - Debian's libtorch starts with one thread; initRuntime() sets the thread count to the
//    number of cores (or AUDITGAP_THREADS), and keeps freed memory in glibc's heap (no mmap per
//    activation tensor: page faults halved the speed of mid-sized GEMMs).
// Call prepareProcess() first thing in main(), before any thread starts; initRuntime() once.
#include <cstdint>
#include <filesystem>
#include <string>

namespace auditgap::core {

struct RuntimeInfo {
    std::string blasLibrary;   // path of the loaded BLAS shared library
    std::string blasKernel;    // OpenBLAS core name, e.g. "Haswell"
    std::string blasConfig;    // openblas_get_config()
    std::string coretypeSource; // "environment", "chosen by auditgap from CPU flags", "unset"
    std::string ompWaitPolicy; // OMP_WAIT_POLICY as the process runs with it
    int threads = 1;
    std::string device;        // "cpu" or "cuda:0 (NAME)"
    std::string torchVersion;
    bool cudaAvailable = false;
};

// The OpenBLAS core type that fits this CPU ("SkylakeX", "Haswell", "Sandybridge") or "".
// Whether the CPU computes bf16 natively (AVX512-BF16 or AMX-BF16 in /proc/cpuinfo's flags);
// $AUDITGAP_CPU_BF16=0|1 overrides the detection.
bool cpuHasNativeBf16(const std::string& flagsText);
bool cpuHasNativeBf16();
// This machine's physical memory (MemTotal of /proc/meminfo), bytes; 0 when unknown.
// $AUDITGAP_MEMORY_BYTES overrides it (tests of the refusal on any machine).
int64_t physicalMemoryBytes();
// This process's resident set now (/proc/self/statm) and its peak (getrusage), bytes.
int64_t residentBytes();
int64_t peakResidentBytes();
std::string chooseOpenBlasCoretype(const std::string& cpuinfoFlags);

void prepareProcess(int argc, char** argv);
void initRuntime();
RuntimeInfo runtimeInfo();

// A shipped data file (e.g. "judges/refusal_prefixes.txt"), looked up in $AUDITGAP_DATA_DIR,
// then share/auditgap beside the executable (install tree and build tree), then
// /usr/share/auditgap. Throws Error naming every place it looked.
std::filesystem::path findDataFile(const std::string& relative);

} // namespace auditgap::core
