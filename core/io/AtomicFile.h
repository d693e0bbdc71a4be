#pragma once
// Atomic file replacement: write to a temporary file beside the target, fsync it, rename it
// over the target, fsync the folder. A crash or an exception leaves the old file intact and
// removes the temporary. Not thread-safe per target path; distinct paths are independent.
#include <filesystem>
#include <functional>
#include <string_view>

namespace auditgap::core {

class AtomicFile {
public:
    // Calls `write(fd)` on a temporary file, then commits it to `target`.
    static void write(const std::filesystem::path& target, const std::function<void(int fd)>& write);
    static void writeText(const std::filesystem::path& target, std::string_view text);
};

// Writes all of `size` bytes to `fd` or throws Error naming `what`.
void writeAll(int fd, const void* data, size_t size, const std::string& what);

} // namespace auditgap::core
