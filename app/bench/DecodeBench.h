#pragma once
// auditgap-bench decode --shape NAME: what decoding the clean answers in the perturbed rows'
// batch saves (engine/AuditStages.h generateGroup). On a released model's shape (random
// weights, real config and tokenizer, the paper's chat template), one batch of prompts decodes
// greedily two ways, alternating, in the same run:
//  - apart: the B clean rows alone, then the nb * B perturbed rows (an add edit at the middle
//    block per row, as a group of one layer at nb budgets) alone;
//  - together: all B + nb * B rows in one batch, zeros in the clean rows' edit.
// It prints both times, their ratio, and whether every answer is the same both ways.
#include <iosfwd>

#include "bench/BenchSupport.h"

namespace auditgap::core {

int benchDecode(const BenchSettings& s, std::ostream& out, bool asJson, bool quick);

} // namespace auditgap::core
