#include "TestSupport.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include <ATen/ATen.h>

namespace auditgap::test {

std::filesystem::path fixtures() {
    const char* env = std::getenv("AUDITGAP_FIXTURES");
    if (!env) throw std::runtime_error("AUDITGAP_FIXTURES is not set (CTest sets it to ../shared/fixtures)");
    const std::filesystem::path p = env;
    if (!std::filesystem::exists(p / "README.md"))
        throw std::runtime_error("fixtures not found at " + p.string() + " (../shared/fixtures beside the checkout)");
    return p;
}

std::string readFile(const std::filesystem::path& path) {
    std::ifstream f(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

nlohmann::json loadJson(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    return nlohmann::json::parse(in);
}

namespace {
void flatten(const nlohmann::json& j, std::vector<float>& values, std::vector<int64_t>& shape, size_t depth) {
    if (j.is_array()) {
        if (shape.size() <= depth) shape.push_back(static_cast<int64_t>(j.size()));
        for (const auto& x : j) flatten(x, values, shape, depth + 1);
    } else {
        values.push_back(j.get<float>());
    }
}
} // namespace

at::Tensor toTensor(const nlohmann::json& nested) {
    std::vector<float> values;
    std::vector<int64_t> shape;
    flatten(nested, values, shape, 0);
    return at::tensor(values, at::kFloat).reshape(shape);
}

Closeness allClose(const at::Tensor& actual, const at::Tensor& expected, double rtol, double atol) {
    Closeness c;
    at::Tensor a = actual.detach().to(at::kCPU, at::kDouble);
    at::Tensor e = expected.detach().to(at::kCPU, at::kDouble);
    if (a.sizes() != e.sizes()) {
        c.ok = false;
        std::ostringstream s;
        s << "shape " << a.sizes() << " != expected " << e.sizes();
        c.where = s.str();
        return c;
    }
    at::Tensor diff = (a - e).abs();
    at::Tensor excess = diff - (atol + rtol * e.abs());
    c.maxAbsDiff = diff.numel() ? diff.max().item<double>() : 0.0;
    c.worstExcess = excess.numel() ? excess.max().item<double>() : -1.0;
    c.ok = c.worstExcess <= 0;
    if (!c.ok) {
        const int64_t idx = excess.flatten().argmax().item<int64_t>();
        std::ostringstream s;
        s << "flat index " << idx << ": got " << a.flatten()[idx].item<double>() << ", expected "
          << e.flatten()[idx].item<double>();
        c.where = s.str();
    }
    return c;
}

TempDir::TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "auditgap-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    m_path = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

// A copy of an hf-tiny model (vocabulary 256) with a byte-level BPE tokenizer: id = byte.
std::filesystem::path textModel(const std::filesystem::path& dir, const std::string& name) {
    namespace fs = std::filesystem;
    const fs::path out = dir / name;
    fs::create_directories(out);
    for (const char* f : {"config.json", "model.safetensors"})
        fs::copy_file(fixtures() / "hf-tiny" / name / f, out / f, fs::copy_options::overwrite_existing);
    std::vector<int> bs;
    for (int b = '!'; b <= '~'; ++b) bs.push_back(b);
    for (int b = 0xA1; b <= 0xAC; ++b) bs.push_back(b);
    for (int b = 0xAE; b <= 0xFF; ++b) bs.push_back(b);
    std::vector<int> cs = bs;
    int n = 0;
    for (int b = 0; b < 256; ++b)
        if (std::find(bs.begin(), bs.end(), b) == bs.end()) {
            bs.push_back(b);
            cs.push_back(256 + n++);
        }
    nlohmann::json vocab;
    for (size_t i = 0; i < bs.size(); ++i) {
        std::string u;
        const int c = cs[i];
        if (c < 0x80) u += static_cast<char>(c);
        else {
            u += static_cast<char>(0xC0 | (c >> 6));
            u += static_cast<char>(0x80 | (c & 0x3F));
        }
        vocab[u] = bs[i];
    }
    const nlohmann::json level = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}};
    std::ofstream(out / "tokenizer.json") << nlohmann::json{{"version", "1.0"}, {"added_tokens", nlohmann::json::array()},
                                                            {"normalizer", nullptr}, {"pre_tokenizer", level},
                                                            {"post_processor", nullptr}, {"decoder", level},
                                                            {"model", {{"type", "BPE"}, {"vocab", vocab},
                                                                       {"merges", nlohmann::json::array()}}}}
                                                 .dump();
    std::ofstream(out / "tokenizer_config.json") << "{}";
    return out;
}

} // namespace auditgap::test
