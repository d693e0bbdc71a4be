#include "io/Checkpoint.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include <sys/mman.h>
#include <unistd.h>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "Error.h"
#include "io/AtomicFile.h"
#include "io/JsonFile.h"

namespace fs = std::filesystem;

namespace auditgap::core {

c10::ScalarType toScalarType(DType dtype) {
    switch (dtype) {
    case DType::F64: return at::kDouble;
    case DType::F32: return at::kFloat;
    case DType::F16: return at::kHalf;
    case DType::BF16: return at::kBFloat16;
    case DType::I64: return at::kLong;
    case DType::I32: return at::kInt;
    case DType::I16: return at::kShort;
    case DType::I8: return at::kChar;
    case DType::U8: return at::kByte;
    case DType::Bool: return at::kBool;
    }
    return at::kFloat;
}

namespace {
DType fromScalarType(c10::ScalarType t, const std::string& name) {
    switch (t) {
    case at::kDouble: return DType::F64;
    case at::kFloat: return DType::F32;
    case at::kHalf: return DType::F16;
    case at::kBFloat16: return DType::BF16;
    case at::kLong: return DType::I64;
    case at::kInt: return DType::I32;
    case at::kShort: return DType::I16;
    case at::kChar: return DType::I8;
    case at::kByte: return DType::U8;
    case at::kBool: return DType::Bool;
    default: throw Error("tensor '" + name + "': dtype cannot be stored in safetensors");
    }
}
} // namespace

void refusePickleCheckpoint(const fs::path& dir) {
    std::vector<std::string> found;
    std::error_code ec;
    if (fs::is_regular_file(dir, ec)) {
        auto ext = dir.extension().string();
        if (ext == ".bin" || ext == ".pt" || ext == ".pth" || ext == ".ckpt") found.push_back(dir.string());
    } else {
        for (const char* n : {"pytorch_model.bin", "pytorch_model.bin.index.json"})
            if (fs::exists(dir / n, ec)) found.push_back((dir / n).string());
        for (const auto& e : fs::directory_iterator(dir, ec)) {
            auto ext = e.path().extension().string();
            if (ext == ".pt" || ext == ".pth") found.push_back(e.path().string());
        }
    }
    if (!found.empty())
        throw Error(found.front() +
                    ": pickle checkpoints are refused: unpickling can execute arbitrary code. "
                    "Convert it once, in a sandbox you trust, with Python: "
                    "`from transformers import AutoModel; m = AutoModel.from_pretrained(DIR); "
                    "m.save_pretrained(DIR, safe_serialization=True)` (or "
                    "`safetensors.torch.save_file(torch.load(F, weights_only=True), "
                    "'model.safetensors')`).");
}

Checkpoint Checkpoint::open(const fs::path& dir) {
    Checkpoint ck;
    ck.m_source = dir;
    std::error_code ec;
    std::vector<fs::path> shardPaths;
    if (!fs::exists(dir, ec)) throw Error(describe(dir.string(), "", "no such file or folder"));
    if (fs::is_regular_file(dir, ec)) {
        if (dir.extension() != ".safetensors") refusePickleCheckpoint(dir);
        shardPaths.push_back(dir);
    } else if (fs::exists(dir / "model.safetensors", ec)) {
        shardPaths.push_back(dir / "model.safetensors");
    } else if (fs::exists(dir / "model.safetensors.index.json", ec)) {
        const fs::path indexPath = dir / "model.safetensors.index.json";
        const auto shards = parseSafeTensorsIndex(readJsonFile(indexPath), indexPath.string());
        for (const auto& s : shards) {
            // Named by the index but absent: say so naming the index, before any shard is mapped.
            if (!fs::is_regular_file(dir / s, ec))
                throw Error(describe(indexPath.string(), "weight_map",
                                     "names the shard '" + s + "', which is not in " + dir.string()));
            shardPaths.push_back(dir / s);
        }
    } else {
        refusePickleCheckpoint(dir);
        throw Error(describe(dir.string(), "",
                             "no model.safetensors or model.safetensors.index.json in this folder"));
    }
    for (const auto& p : shardPaths) {
        auto file = SafeTensorsFile::open(p);
        const size_t idx = ck.m_files.size();
        for (const auto& e : file->entries()) {
            if (ck.m_where.count(e.name))
                throw Error(describe(p.string(), "tensor '" + e.name + "'",
                                     "appears in more than one shard"));
            ck.m_where[e.name] = {idx, &e};
        }
        ck.m_files.push_back(std::move(file));
    }
    return ck;
}

const std::pair<size_t, const TensorEntry*>& Checkpoint::locate(const std::string& name) const {
    auto it = m_where.find(name);
    if (it == m_where.end())
        throw Error(describe(m_source.string(), "tensor '" + name + "'", "missing from the checkpoint"));
    return it->second;
}

const TensorEntry& Checkpoint::entry(const std::string& name) const { return *locate(name).second; }

const fs::path& Checkpoint::fileOf(const std::string& name) const {
    return m_files[locate(name).first]->path();
}

std::vector<std::string> Checkpoint::names() const {
    std::vector<std::string> out;
    for (const auto& [n, _] : m_where) out.push_back(n);
    return out;
}

std::vector<fs::path> Checkpoint::files() const {
    std::vector<fs::path> out;
    for (const auto& f : m_files) out.push_back(f->path());
    return out;
}

namespace {
// Drops this process's pages of [p, p + n) of a private file mapping (whole pages inside the
// range only): after a conversion the source bytes are not needed, and a later read re-reads
// them from the file. One copy of the weights in memory: the converted one.
void releasePages(const std::byte* p, size_t n) {
    const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
    const uintptr_t begin = (reinterpret_cast<uintptr_t>(p) + page - 1) / page * page;
    const uintptr_t end = (reinterpret_cast<uintptr_t>(p) + n) / page * page;
    if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}
} // namespace

at::Tensor Checkpoint::tensor(const std::string& name, c10::ScalarType dtype,
                              c10::Device device) const {
    const auto& [fileIndex, entryPtr] = locate(name);
    const auto& file = m_files[fileIndex];
    const TensorEntry& e = *entryPtr;
    const auto stored = toScalarType(e.dtype);
    std::byte* ptr = file->data(e);
    const bool aligned = reinterpret_cast<uintptr_t>(ptr) % itemSize(e.dtype) == 0;
    at::Tensor t;
    if (aligned) {
        // Keep the mapping alive as long as the tensor: the deleter owns a reference.
        auto keep = new std::shared_ptr<SafeTensorsFile>(file);
        t = at::from_blob(
            ptr, e.shape, [keep](void*) { delete keep; }, at::TensorOptions().dtype(stored));
    } else {
        t = at::empty(e.shape, at::TensorOptions().dtype(stored));
        std::memcpy(t.data_ptr(), ptr, e.end - e.begin);
    }
    if (stored != dtype || device != c10::Device(c10::kCPU)) {
        t = t.to(device, dtype).contiguous();
        releasePages(ptr, e.end - e.begin);
    }
    return t;
}

void writeSafeTensors(const fs::path& path,
                      const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    nlohmann::json header = nlohmann::json::object();
    nlohmann::json meta = nlohmann::json::object();
    meta["format"] = "pt";
    for (const auto& [k, v] : metadata) meta[k] = v;
    header["__metadata__"] = meta;
    std::vector<at::Tensor> contiguous;
    uint64_t offset = 0;
    std::set<std::string> names;
    for (const auto& [name, t] : tensors) {
        if (!names.insert(name).second) throw Error("writeSafeTensors: tensor '" + name + "' given twice");
        at::Tensor c = t.detach().to(at::kCPU).contiguous();
        const uint64_t bytes = static_cast<uint64_t>(c.numel()) * c.element_size();
        header[name] = {{"dtype", dtypeName(fromScalarType(c.scalar_type(), name))},
                        {"shape", c.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        contiguous.push_back(c);
    }
    std::string text = header.dump();
    while ((8 + text.size()) % 8 != 0) text.push_back(' ');
    const uint64_t len = text.size();
    AtomicFile::write(path, [&](int fd) {
        writeAll(fd, &len, 8, path.string());
        writeAll(fd, text.data(), text.size(), path.string());
        for (const auto& c : contiguous)
            writeAll(fd, c.data_ptr(), static_cast<size_t>(c.numel()) * c.element_size(), path.string());
    });
}

std::vector<fs::path> writeShardedSafeTensors(const fs::path& dir,
                                              const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                                              uint64_t maxShardBytes) {
    std::vector<std::vector<std::pair<std::string, at::Tensor>>> shards(1);
    uint64_t inShard = 0, total = 0;
    for (const auto& [name, t] : tensors) {
        const uint64_t bytes = static_cast<uint64_t>(t.numel()) * t.element_size();
        if (inShard > 0 && inShard + bytes > maxShardBytes) {
            shards.emplace_back();
            inShard = 0;
        }
        shards.back().emplace_back(name, t);
        inShard += bytes;
        total += bytes;
    }
    auto shardName = [&](size_t i) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "model-%05zu-of-%05zu.safetensors", i + 1, shards.size());
        return std::string(buf);
    };
    nlohmann::json weightMap = nlohmann::json::object();
    std::vector<fs::path> paths;
    for (size_t i = 0; i < shards.size(); ++i) {
        paths.push_back(dir / shardName(i));
        writeSafeTensors(paths.back(), shards[i]);
        for (const auto& [name, t] : shards[i]) weightMap[name] = shardName(i);
    }
    const nlohmann::json index = {{"metadata", {{"total_size", total}}}, {"weight_map", weightMap}};
    AtomicFile::writeText(dir / "model.safetensors.index.json", index.dump(2));
    return paths;
}

} // namespace auditgap::core
