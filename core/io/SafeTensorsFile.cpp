#include "io/SafeTensorsFile.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <set>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "Error.h"
#include "io/JsonFile.h"

namespace auditgap::core {

namespace {
struct DTypeInfo {
    DType dtype;
    const char* name;
    size_t size;
};
constexpr DTypeInfo kDTypes[] = {
    {DType::F64, "F64", 8}, {DType::F32, "F32", 4}, {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2}, {DType::I64, "I64", 8}, {DType::I32, "I32", 4},
    {DType::I16, "I16", 2}, {DType::I8, "I8", 1},   {DType::U8, "U8", 1},
    {DType::Bool, "BOOL", 1},
};

std::string tensorField(const std::string& name, const char* what) {
    return "tensor '" + name + "' " + what;
}
} // namespace

size_t itemSize(DType dtype) {
    for (const auto& d : kDTypes)
        if (d.dtype == dtype) return d.size;
    return 0;
}

const char* dtypeName(DType dtype) {
    for (const auto& d : kDTypes)
        if (d.dtype == dtype) return d.name;
    return "?";
}

bool parseDType(const std::string& name, DType& out) {
    for (const auto& d : kDTypes)
        if (name == d.name) {
            out = d.dtype;
            return true;
        }
    return false;
}

int64_t TensorEntry::numel() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

namespace {
// nlohmann::json collapses duplicate keys, so look for them in the raw header: count
// top-level keys with a tiny scanner over the JSON text (strings are skipped correctly).
void checkDuplicateKeys(const std::string& text, const std::string& source) {
    std::set<std::string> keys;
    int depth = 0;
    bool expectKey = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '"') {
            size_t j = i + 1;
            std::string s;
            while (j < text.size() && text[j] != '"') {
                if (text[j] == '\\' && j + 1 < text.size()) {
                    s += text[j];
                    ++j;
                }
                s += text[j];
                ++j;
            }
            if (depth == 1 && expectKey) {
                if (!keys.insert(s).second)
                    throw Error(describe(source, "tensor '" + s + "'", "appears twice in the header"));
                expectKey = false;
            }
            i = j;
        } else if (c == '{' || c == '[') {
            ++depth;
            if (depth == 1) expectKey = true;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == ',' && depth == 1) {
            expectKey = true;
        }
    }
}
} // namespace

std::vector<TensorEntry> parseSafeTensorsHeader(const std::string& headerJson, uint64_t dataSize,
                                                const std::string& source,
                                                std::map<std::string, std::string>* metadata) {
    const nlohmann::json header = parseJsonText(headerJson, source + ": safetensors header");
    if (!header.is_object())
        throw Error(describe(source, "", "safetensors header must be a JSON object"));

    checkDuplicateKeys(headerJson, source);
    std::vector<TensorEntry> entries;
    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& name = it.key();
        if (name == "__metadata__") {
            if (!it->is_object())
                throw Error(describe(source, "__metadata__", "expected an object of strings"));
            for (auto m = it->begin(); m != it->end(); ++m) {
                if (!m->is_string())
                    throw Error(describe(source, "__metadata__." + m.key(), "expected a string"));
                if (metadata) (*metadata)[m.key()] = m->get<std::string>();
            }
            continue;
        }
        const auto& t = *it;
        if (!t.is_object())
            throw Error(describe(source, tensorField(name, ""), "expected an object with dtype, shape, data_offsets"));
        TensorEntry e;
        e.name = name;
        auto dt = t.find("dtype");
        if (dt == t.end() || !dt->is_string())
            throw Error(describe(source, tensorField(name, "dtype"), "missing or not a string"));
        if (!parseDType(dt->get<std::string>(), e.dtype))
            throw Error(describe(source, tensorField(name, "dtype"),
                                 "unknown dtype '" + dt->get<std::string>() +
                                     "' (expected F64, F32, F16, BF16, I64, I32, I16, I8, U8 or BOOL)"));
        auto sh = t.find("shape");
        if (sh == t.end() || !sh->is_array())
            throw Error(describe(source, tensorField(name, "shape"), "missing or not an array"));
        uint64_t numel = 1;
        for (const auto& d : *sh) {
            if (!d.is_number_unsigned())
                throw Error(describe(source, tensorField(name, "shape"), "expected non-negative integers"));
            uint64_t v = d.get<uint64_t>();
            if (v > (1ull << 40) || (v != 0 && numel > std::numeric_limits<uint64_t>::max() / v / 8))
                throw Error(describe(source, tensorField(name, "shape"), "dimension too large"));
            e.shape.push_back(static_cast<int64_t>(v));
            numel *= v;
        }
        auto off = t.find("data_offsets");
        if (off == t.end() || !off->is_array() || off->size() != 2 || !(*off)[0].is_number_unsigned() ||
            !(*off)[1].is_number_unsigned())
            throw Error(describe(source, tensorField(name, "data_offsets"),
                                 "expected [begin, end] as two non-negative integers"));
        e.begin = (*off)[0].get<uint64_t>();
        e.end = (*off)[1].get<uint64_t>();
        if (e.begin > e.end || e.end > dataSize)
            throw Error(describe(source, tensorField(name, "data_offsets"),
                                 "[" + std::to_string(e.begin) + ", " + std::to_string(e.end) +
                                     ") is out of bounds of the " + std::to_string(dataSize) +
                                     "-byte data buffer"));
        const uint64_t expected = numel * itemSize(e.dtype);
        if (e.end - e.begin != expected)
            throw Error(describe(source, tensorField(name, "data_offsets"),
                                 "holds " + std::to_string(e.end - e.begin) + " bytes, expected " +
                                     std::to_string(expected) + " (numel " + std::to_string(numel) +
                                     " x " + std::to_string(itemSize(e.dtype)) + " bytes of " +
                                     dtypeName(e.dtype) + ")"));
        entries.push_back(std::move(e));
    }
    // Overlap check on the sorted ranges (empty tensors take no bytes).
    std::vector<const TensorEntry*> sorted;
    for (const auto& e : entries)
        if (e.end > e.begin) sorted.push_back(&e);
    std::sort(sorted.begin(), sorted.end(),
              [](const TensorEntry* a, const TensorEntry* b) { return a->begin < b->begin; });
    for (size_t i = 1; i < sorted.size(); ++i)
        if (sorted[i]->begin < sorted[i - 1]->end)
            throw Error(describe(source, tensorField(sorted[i]->name, "data_offsets"),
                                 "overlaps tensor '" + sorted[i - 1]->name + "'"));
    return entries;
}


SafeTensorsLayout parseSafeTensorsBytes(const void* bytes, uint64_t size, const std::string& source) {
    if (size < 8)
        throw Error(describe(source, "", "file is " + std::to_string(size) +
                                             " bytes, too short for a safetensors header (truncated?)"));
    uint64_t headerLen = 0;
    std::memcpy(&headerLen, bytes, 8); // little-endian hosts only (x86_64, aarch64)
    if (headerLen > SafeTensorsFile::kMaxHeaderBytes)
        throw Error(describe(source, "header length",
                             std::to_string(headerLen) + " bytes exceeds the 100 MB limit"));
    if (headerLen > size - 8)
        throw Error(describe(source, "header length",
                             std::to_string(headerLen) + " bytes reaches beyond the end of the " +
                                 std::to_string(size) + "-byte file (truncated?)"));
    SafeTensorsLayout layout;
    const std::string header(static_cast<const char*>(bytes) + 8, headerLen);
    layout.dataStart = 8 + headerLen;
    layout.entries = parseSafeTensorsHeader(header, size - layout.dataStart, source, &layout.metadata);
    return layout;
}

std::vector<std::string> parseSafeTensorsIndex(const nlohmann::json& index, const std::string& source) {
    auto wm = index.is_object() ? index.find("weight_map") : index.end();
    if (!index.is_object() || wm == index.end() || !wm->is_object())
        throw Error(describe(source, "weight_map", "missing or not an object"));
    std::set<std::string> shards;
    for (auto it = wm->begin(); it != wm->end(); ++it) {
        if (!it->is_string())
            throw Error(describe(source, "weight_map." + it.key(), "expected a file name"));
        const std::string shard = it->get<std::string>();
        if (shard.empty() || shard.find('/') != std::string::npos || shard.find("..") != std::string::npos)
            throw Error(describe(source, "weight_map." + it.key(),
                                 "shard name must be a plain file name in the same folder"));
        shards.insert(shard);
    }
    return {shards.begin(), shards.end()};
}

std::shared_ptr<SafeTensorsFile> SafeTensorsFile::open(const std::filesystem::path& path) {
    const std::string source = path.string();
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(describe(source, "", std::string("cannot open: ") + std::strerror(errno)));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        throw Error(describe(source, "", "cannot stat"));
    }
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    if (size < 8) {
        ::close(fd);
        throw Error(describe(source, "", "file is " + std::to_string(size) +
                                             " bytes, too short for a safetensors header (truncated?)"));
    }
    void* map = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) throw Error(describe(source, "", std::string("mmap failed: ") + std::strerror(errno)));

    std::shared_ptr<SafeTensorsFile> file(new SafeTensorsFile());
    file->m_path = path;
    file->m_map = map;
    file->m_size = size;
    SafeTensorsLayout layout = parseSafeTensorsBytes(map, size, source);
    file->m_dataStart = layout.dataStart;
    file->m_entries = std::move(layout.entries);
    file->m_metadata = std::move(layout.metadata);
    for (size_t i = 0; i < file->m_entries.size(); ++i) file->m_index[file->m_entries[i].name] = i;
    return file;
}

SafeTensorsFile::~SafeTensorsFile() {
    if (m_map) ::munmap(m_map, m_size);
}

const TensorEntry* SafeTensorsFile::find(const std::string& name) const {
    auto it = m_index.find(name);
    return it == m_index.end() ? nullptr : &m_entries[it->second];
}

std::byte* SafeTensorsFile::data(const TensorEntry& entry) const {
    return static_cast<std::byte*>(m_map) + m_dataStart + entry.begin;
}

} // namespace auditgap::core
