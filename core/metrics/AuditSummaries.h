#pragma once
// Summaries of an audit's cells (DESIGN §1.2-1.3): per model × attack × hook point × budget,
// over the harmful prompts (benign cells are left out), the clean refusal rate, the refusal
// rate and ASR under the attack, the mean LVS (η = 1e-6, the paper) and the median LVS with
// its bootstrap 95% CI (η = 1e-4, seed 42; the protocol's resamples: 500 in the paper's
// run_metric.py). Torch-free, pure functions; any thread.
#include <vector>

#include "io/AuditResults.h"

namespace auditgap::core {

// Summaries in the order the groups first occur in `cells` (sort them first for a canonical
// order).
std::vector<AuditSummary> summarizeCells(const std::vector<AuditCell>& cells,
                                         int resamples = Protocol{}.bootstrapResamples);

// Sorts the cells and replaces the summaries with summarizeCells of them, with the bootstrap
// resamples of the results' protocol.
void summarize(AuditResults& results);

} // namespace auditgap::core
