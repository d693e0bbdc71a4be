#include "io/HashCache.h"

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <mutex>

#include <nlohmann/json.hpp>

#include "io/AtomicFile.h"
#include "io/JsonFile.h"

namespace auditgap::core {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
// Entries kept; the oldest stored are dropped beyond this.
constexpr size_t kMaxEntries = 256;
constexpr int kFormatVersion = 1;

std::mutex& cacheMutex() {
    static std::mutex m;
    return m;
}

// Name, size, modification time and identity of every file modelHash reads. std::nullopt
// when one cannot be read (no cache then: modelHash reports the error).
std::optional<json> stamps(const fs::path& path) {
    json out = json::array();
    for (const auto& f : modelHashFiles(path)) {
        struct stat st {};
        if (::stat(f.c_str(), &st) != 0) return std::nullopt;
        const int64_t mtimeNs = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
        out.push_back({{"name", f.filename().string()},
                       {"size", static_cast<uint64_t>(st.st_size)},
                       {"mtime_ns", mtimeNs},
                       {"device", static_cast<uint64_t>(st.st_dev)},
                       {"inode", static_cast<uint64_t>(st.st_ino)}});
    }
    return out;
}

std::string keyOf(const fs::path& path) {
    std::error_code ec;
    const auto canonical = fs::weakly_canonical(path, ec);
    return (ec ? path : canonical).string();
}

// The cache's entries; empty on any problem (it is only a cache).
json readEntries(const fs::path& file) {
    std::error_code ec;
    if (file.empty() || !fs::exists(file, ec)) return json::object();
    try {
        json j = readJsonFile(file);
        if (j.is_object() && j.value("version", 0) == kFormatVersion && j.contains("models") && j["models"].is_object())
            return j["models"];
    } catch (const std::exception&) {
    }
    return json::object();
}

void writeEntries(const fs::path& file, json entries) {
    if (file.empty()) return;
    while (entries.size() > kMaxEntries) {
        auto oldest = entries.begin();
        for (auto it = entries.begin(); it != entries.end(); ++it)
            if (it->value("stored", int64_t{0}) < oldest->value("stored", int64_t{0})) oldest = it;
        entries.erase(oldest);
    }
    try {
        fs::create_directories(file.parent_path());
        AtomicFile::writeText(file, json{{"version", kFormatVersion}, {"models", std::move(entries)}}.dump(1) + "\n");
    } catch (const std::exception&) {
        // An unwritable cache folder costs a re-hash next time, nothing else.
    }
}

std::optional<std::string> lookUp(const json& entries, const std::string& key, const json& now) {
    const auto it = entries.find(key);
    if (it == entries.end() || !it->is_object()) return std::nullopt;
    const auto files = it->find("files");
    const auto hash = it->find("sha256");
    if (files == it->end() || hash == it->end() || !hash->is_string() || *files != now) return std::nullopt;
    return hash->get<std::string>();
}
} // namespace

fs::path hashCacheFile() {
    if (const char* dir = std::getenv("AUDITGAP_CACHE_DIR"); dir && *dir) return fs::path(dir) / "model-hashes.json";
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return fs::path(xdg) / "auditgap" / "model-hashes.json";
    if (const char* home = std::getenv("HOME"); home && *home)
        return fs::path(home) / ".cache" / "auditgap" / "model-hashes.json";
    return {};
}

std::optional<std::string> lookUpModelHash(const fs::path& path) {
    const auto now = stamps(path);
    if (!now) return std::nullopt;
    std::lock_guard lock(cacheMutex());
    return lookUp(readEntries(hashCacheFile()), keyOf(path), *now);
}

std::string cachedModelHash(const fs::path& path, const HashProgress& progress) {
    const auto before = stamps(path);
    const std::string key = keyOf(path);
    if (before) {
        std::lock_guard lock(cacheMutex());
        if (auto hit = lookUp(readEntries(hashCacheFile()), key, *before)) return *hit;
    }
    const std::string hash = modelHash(path, progress);
    // Stored only when no file changed while it was read.
    const auto after = stamps(path);
    if (!before || !after || *before != *after) return hash;
    const auto stored = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    std::lock_guard lock(cacheMutex());
    const auto file = hashCacheFile();
    json entries = readEntries(file);
    entries[key] = {{"files", *after}, {"sha256", hash}, {"stored", static_cast<int64_t>(stored)}};
    writeEntries(file, std::move(entries));
    return hash;
}

} // namespace auditgap::core
