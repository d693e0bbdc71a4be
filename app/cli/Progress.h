#pragma once
// What long auditgap-cli commands share: Ctrl-C turned into a cancellation token, and a
// progress line with elapsed time and ETA on stderr. Main thread only.
#include <atomic>
#include <chrono>
#include <ostream>
#include <string>

namespace auditgap::core {

// While alive, SIGINT sets token() instead of killing the process; the running job then
// unwinds (throws Cancelled) and writes nothing.
class InterruptScope {
public:
    InterruptScope();
    ~InterruptScope();
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;
    static const std::atomic<bool>* token();

private:
    void (*m_previous)(int);
};

// "what: done/total (pct%), elapsed 1m05s, ETA 2m10s": a rewritten line on a terminal, else a
// line per 5%. `detail` (e.g. the current stage) is appended when given.
class ProgressLine {
public:
    ProgressLine(std::ostream& err, bool quiet, std::string what);
    void update(double done, double total, const std::string& detail = {});

private:
    std::ostream& m_err;
    bool m_quiet, m_tty = false;
    std::string m_what;
    int m_last = -100;
    std::chrono::steady_clock::time_point m_start;
};

// "45s", "3m05s", "1h02m"; "?" for a negative value.
std::string formatDuration(double seconds);

} // namespace auditgap::core
