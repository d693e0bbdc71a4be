#pragma once
// The logit refusal score (Arditi et al. 2024; DESIGN §1.3b): log-odds of the refusal
// first-token set at the last prompt position, log P(R) - log(1 - P(R)). One forward, no
// generation: the fast judge behind live sliders. The token set is configurable
// (resources/judges/refusal_tokens.txt). Use from the engine's worker.
#include <filesystem>
#include <string>
#include <vector>

#include "model/Intervention.h"

namespace auditgap::core {

class LanguageModel;
class Transformer;

class LogitRefusal {
public:
    explicit LogitRefusal(std::vector<int64_t> tokenIds);
    // The first token of each phrase (no special tokens added), deduplicated.
    static LogitRefusal fromPhrases(const LanguageModel& model, const std::vector<std::string>& phrases);
    static LogitRefusal builtIn(const LanguageModel& model); // the shipped list

    // Per prompt (already templated ids), with an optional intervention.
    std::vector<double> scores(const Transformer& model, const std::vector<std::vector<int64_t>>& prompts,
                               const Intervention* intervention = nullptr) const;
    const std::vector<int64_t>& tokenIds() const { return m_ids; }

private:
    std::vector<int64_t> m_ids;
};

} // namespace auditgap::core
