#pragma once
// Helpers shared by the test suites: fixture paths, JSON loading, tolerance checks.
#include <filesystem>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <nlohmann/json.hpp>

namespace auditgap::test {

// ../shared/fixtures; a missing folder fails the test that asks (never skips).
std::filesystem::path fixtures();
nlohmann::json loadJson(const std::filesystem::path& path);
// A file's bytes (empty when it cannot be read).
std::string readFile(const std::filesystem::path& path);
at::Tensor toTensor(const nlohmann::json& nested); // nested arrays of numbers -> f32 tensor

struct Closeness {
    bool ok = true;
    double maxAbsDiff = 0;
    double worstExcess = 0; // max of |a-b| - (atol + rtol*|b|)
    std::string where;
};
// |actual - expected| <= atol + rtol * |expected| elementwise (numpy.allclose).
Closeness allClose(const at::Tensor& actual, const at::Tensor& expected, double rtol, double atol);

// dir/name: a copy of hf-tiny/<name> (vocabulary 256) with a byte-level BPE tokenizer (id =
// byte), so the tiny checkpoints read and write text.
std::filesystem::path textModel(const std::filesystem::path& dir, const std::string& name);

// A fresh temporary folder, removed by the destructor.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

} // namespace auditgap::test
