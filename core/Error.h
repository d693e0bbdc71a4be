#pragma once
// Errors are values at the boundaries: every failure the user can cause (a bad file, a bad
// flag) is reported as an auditgap::core::Error whose message names the file, the field and
// what was expected. Callable from any thread.
#include <stdexcept>
#include <string>

namespace auditgap::core {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Thrown when a job's cancellation token is set; the job leaves no partial state behind.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

// "FILE: FIELD: MESSAGE", skipping empty parts.
std::string describe(const std::string& file, const std::string& field, const std::string& what);

} // namespace auditgap::core
