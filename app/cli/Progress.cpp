#include "cli/Progress.h"

#include <csignal>
#include <iomanip>
#include <sstream>
#include <unistd.h>

namespace auditgap::core {

namespace {
std::atomic<bool> g_interrupted{false};
extern "C" void onInterrupt(int) { g_interrupted.store(true); }
} // namespace

InterruptScope::InterruptScope() : m_previous(std::signal(SIGINT, onInterrupt)) { g_interrupted.store(false); }
InterruptScope::~InterruptScope() { std::signal(SIGINT, m_previous); }
const std::atomic<bool>* InterruptScope::token() { return &g_interrupted; }

std::string formatDuration(double s) {
    if (s < 0) return "?";
    std::ostringstream o;
    if (s >= 3600) o << static_cast<int>(s / 3600) << "h" << std::setw(2) << std::setfill('0') << static_cast<int>(s / 60) % 60 << "m";
    else if (s >= 60) o << static_cast<int>(s / 60) << "m" << std::setw(2) << std::setfill('0') << static_cast<int>(s) % 60 << "s";
    else o << static_cast<int>(s) << "s";
    return o.str();
}

ProgressLine::ProgressLine(std::ostream& err, bool quiet, std::string what)
    : m_err(err), m_quiet(quiet), m_what(std::move(what)) {
    m_tty = isatty(STDERR_FILENO) != 0;
    m_start = std::chrono::steady_clock::now();
}

void ProgressLine::update(double done, double total, const std::string& detail) {
    if (m_quiet || total <= 0) return;
    const int pct = static_cast<int>(100 * done / total);
    if (!m_tty && pct < m_last + 5 && done < total) return;
    m_last = pct;
    const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    const double eta = done > 0 ? el * (total - done) / done : -1;
    std::ostringstream count;
    count << static_cast<long long>(done) << "/" << static_cast<long long>(total);
    m_err << (m_tty ? "\r" : "") << m_what << ": " << count.str() << " (" << pct << "%), elapsed "
          << formatDuration(el) << ", ETA " << formatDuration(eta) << (detail.empty() ? "" : ", " + detail)
          << (m_tty ? "   " : "\n") << std::flush;
    if (m_tty && done >= total) m_err << "\n";
}

} // namespace auditgap::core
