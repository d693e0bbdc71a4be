#pragma once
// The paper's content-agnostic coherence check (intervention/run_activation_patch.py, _fluent):
// an answer is fluent unless it is empty or "[EMPTY]", under 12 characters or 4 words, mostly
// non-linguistic characters (< 80 % alphanumeric, space or .,;:!?'"()-*#/%&$; < 50 % letters),
// or, from 12 words on, looping (distinct words < 35 %, one word > 30 %, one 3-gram > 20 % of
// the 3-grams); a shorter answer fails when its distinct words are < 50 %. Torch-free.
// Characters are counted as the paper's Python counts them: per Unicode code point.
#include <string>

namespace auditgap::core {

bool isFluent(const std::string& text);

} // namespace auditgap::core
