#include "io/AtomicFile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "Error.h"

namespace auditgap::core {

void writeAll(int fd, const void* data, size_t size, const std::string& what) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        ssize_t n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw Error(describe(what, "", std::string("write failed: ") + std::strerror(errno)));
        p += n;
        size -= static_cast<size_t>(n);
    }
}

void AtomicFile::write(const std::filesystem::path& target,
                       const std::function<void(int fd)>& write) {
    const std::filesystem::path dir =
        target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    int fd = ::mkstemp(tmpl.data());
    if (fd < 0)
        throw Error(describe(target.string(), "",
                             std::string("cannot create a temporary file: ") + std::strerror(errno)));
    try {
        write(fd);
        if (::fsync(fd) != 0)
            throw Error(describe(target.string(), "", std::string("fsync failed: ") + std::strerror(errno)));
        ::fchmod(fd, 0644);
        if (::close(fd) != 0) {
            fd = -1;
            throw Error(describe(target.string(), "", std::string("close failed: ") + std::strerror(errno)));
        }
        fd = -1;
        if (::rename(tmpl.c_str(), target.c_str()) != 0)
            throw Error(describe(target.string(), "", std::string("rename failed: ") + std::strerror(errno)));
    } catch (...) {
        if (fd >= 0) ::close(fd);
        ::unlink(tmpl.c_str());
        throw;
    }
    int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

void AtomicFile::writeText(const std::filesystem::path& target, std::string_view text) {
    write(target, [&](int fd) { writeAll(fd, text.data(), text.size(), target.string()); });
}

} // namespace auditgap::core
