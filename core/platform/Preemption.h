#pragma once
// Interactive work pre-empts background work at a step boundary (DESIGN §2: the live tiers
// come first, then the full attack at the sliders, then the LVS grid). A job marks its thread
// with a TierScope while it runs. Every step boundary a job reaches (a PGD step, a decoding
// step, a stage of the audit) calls yieldToInteractive(): the thread waits there while a job of
// a higher tier runs, so that job has the CPU. Live estimates (and their gradients) never wait;
// the full attack at the sliders waits for live estimates; an LVS grid layer waits for both.
// A cancel ends the wait. A thread without a TierScope never waits.
#include <atomic>
#include <cstdint>

namespace auditgap::core {

enum class Tier { Background = 0, Refine = 1, Live = 2 };

class TierScope {
public:
    explicit TierScope(Tier tier);
    ~TierScope();
    TierScope(const TierScope&) = delete;
    TierScope& operator=(const TierScope&) = delete;

private:
    int m_previous;
    Tier m_tier;
};

// A step boundary of the calling thread's job: waits while a job of a higher tier runs (returns
// at once without a TierScope, or when `cancel` is set).
void yieldToInteractive(const std::atomic<bool>* cancel);
int runningJobs(Tier tier);   // jobs of a tier running now (tests)
uint64_t backgroundWaits();   // how many step boundaries waited, since start (tests, benchmarks)

} // namespace auditgap::core
