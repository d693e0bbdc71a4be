#pragma once
// The weights' hash, remembered. modelHash reads every byte of the weights (11-15 s for 2.5 GB);
// the hash of an unchanged model is read back instead. An entry holds, for every file that
// modelHash reads, its name, size, modification time (ns) and inode; the hash is reused only
// when all of them still match, so a rewritten, replaced or added shard is hashed again.
//
// The cache is one JSON file in the user's cache folder: $AUDITGAP_CACHE_DIR, else
// $XDG_CACHE_HOME/auditgap, else ~/.cache/auditgap, file model-hashes.json. It is only a cache:
// an unreadable, malformed or unwritable one is ignored and rewritten (the hash is computed, so
// nothing is lost), and it is replaced atomically, so a kill leaves the old file or the new.
#include <filesystem>
#include <optional>
#include <string>

#include "io/Sha256.h"

namespace auditgap::core {

// modelHash(path, progress), from the cache when every file is unchanged; stores a new entry.
std::string cachedModelHash(const std::filesystem::path& path, const HashProgress& progress = {});

// The cached hash when every file of `path` is unchanged, without hashing anything.
std::optional<std::string> lookUpModelHash(const std::filesystem::path& path);

// The cache file (may not exist); empty when no cache folder can be named.
std::filesystem::path hashCacheFile();

} // namespace auditgap::core
