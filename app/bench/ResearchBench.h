#pragma once
// Benchmarks of the research workflows (issue "Research workflows"), each beside a baseline
// measured in the same run:
//  - judge: rows per second of the offline judge (engine/JudgeJob's batched HarmBench judge)
//    against a plain batched forward of the same judge over the same rendered prompts;
//  - dissociate: seconds per construction step on a Qwen2.5-0.5B-shaped random checkpoint (the
//    real config and tokenizer) against one plain forward+backward of the same rows, and the
//    peak resident memory against 1x weights + AdamW state (the physical floor).
#include <iosfwd>

#include <c10/core/ScalarType.h>

namespace auditgap::core {

int benchJudge(std::ostream& out, bool asJson, bool quick);
int benchDissociate(std::ostream& out, bool asJson, bool quick, c10::ScalarType dtype);

} // namespace auditgap::core
