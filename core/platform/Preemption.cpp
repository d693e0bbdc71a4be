#include "platform/Preemption.h"

#include <array>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace auditgap::core {

namespace {
std::mutex g_mutex;
std::condition_variable g_changed;
std::array<int, 3> g_running{0, 0, 0}; // per tier
std::atomic<uint64_t> g_waits{0};
thread_local int t_tier = -1;          // -1: no TierScope, never waits
thread_local const std::atomic<bool>* t_cancel = nullptr; // the TierScope's cancel flag

bool higherRunning(int tier) {
    for (int t = tier + 1; t < static_cast<int>(g_running.size()); ++t)
        if (g_running[size_t(t)] > 0)
            return true;
    return false;
}
} // namespace

TierScope::TierScope(Tier tier, const std::atomic<bool>* cancel)
    : m_previous(t_tier), m_previousCancel(t_cancel), m_tier(tier) {
    t_tier = static_cast<int>(tier);
    t_cancel = cancel;
    std::lock_guard<std::mutex> lock(g_mutex);
    ++g_running[size_t(tier)];
}

TierScope::~TierScope() {
    t_tier = m_previous;
    t_cancel = m_previousCancel;
    {
        std::lock_guard<std::mutex> lock(g_mutex);
        --g_running[size_t(m_tier)];
    }
    g_changed.notify_all();
}

void yieldToInteractive(const std::atomic<bool>* cancel) {
    if (t_tier < 0)
        return;
    if (!cancel)
        cancel = t_cancel;
    std::unique_lock<std::mutex> lock(g_mutex);
    if (!higherRunning(t_tier))
        return;
    g_waits.fetch_add(1, std::memory_order_relaxed);
    // Woken when a job ends; the timeout re-checks the cancel flag.
    while (higherRunning(t_tier) && !(cancel && cancel->load()))
        g_changed.wait_for(lock, std::chrono::milliseconds(20));
}

bool mayYield() {
    return t_tier >= 0 && t_tier < static_cast<int>(Tier::Live);
}

int runningJobs(Tier tier) {
    std::lock_guard<std::mutex> lock(g_mutex);
    return g_running[size_t(tier)];
}

uint64_t backgroundWaits() {
    return g_waits.load(std::memory_order_relaxed);
}

} // namespace auditgap::core
