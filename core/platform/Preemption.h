#pragma once
// Interactive work pre-empts background work at a step boundary (DESIGN §2: the live tiers
// come first, then the full attack at the sliders, then the LVS grid). A job marks its thread
// with a TierScope while it runs. Every step boundary a job reaches (a PGD step, a decoding
// step, a stage of the audit) calls yieldToInteractive(): the thread waits there while a job of
// a higher tier runs, so that job has the CPU. Live estimates (and their gradients) never wait;
// the full attack at the sliders waits for live estimates; an LVS grid layer waits for both.
// A cancel ends the wait. A thread without a TierScope never waits. Inside a PGD step the
// transformer's blocks are boundaries too (forward, and backward through a hook on each
// block's output): at real sizes one PGD step of a grid batch takes tens of seconds on a CPU.
#include <atomic>
#include <cstdint>

namespace auditgap::core {

enum class Tier { Background = 0, Refine = 1, Live = 2 };

class TierScope {
public:
    // `cancel`: the job's flag, which ends a wait at a boundary that has no flag of its own.
    explicit TierScope(Tier tier, const std::atomic<bool>* cancel = nullptr);
    ~TierScope();
    TierScope(const TierScope&) = delete;
    TierScope& operator=(const TierScope&) = delete;

private:
    int m_previous;
    const std::atomic<bool>* m_previousCancel;
    Tier m_tier;
};

// A step boundary of the calling thread's job: waits while a job of a higher tier runs (returns
// at once without a TierScope, or when `cancel` — else the TierScope's flag — is set).
void yieldToInteractive(const std::atomic<bool>* cancel = nullptr);
// Whether the calling thread may wait at a boundary (it runs below the live tier).
bool mayYield();
int runningJobs(Tier tier);   // jobs of a tier running now (tests)
uint64_t backgroundWaits();   // how many step boundaries waited, since start (tests, benchmarks)

} // namespace auditgap::core
