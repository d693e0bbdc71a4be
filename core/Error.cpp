#include "Error.h"

namespace auditgap::core {

std::string describe(const std::string& file, const std::string& field, const std::string& what) {
    std::string out;
    if (!file.empty()) out += file + ": ";
    if (!field.empty()) out += field + ": ";
    out += what;
    return out;
}

} // namespace auditgap::core
