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

    // Per prompt (already templated ids), with an optional intervention. With `startHidden`
    // ([B, Tmax, H], the prompts' right-padded activation at hook point `startLayer`), only the
    // blocks after that hook point run (its edits apply to startHidden).
    std::vector<double> scores(const Transformer& model, const std::vector<std::vector<int64_t>>& prompts,
                               const Intervention* intervention = nullptr, const at::Tensor& startHidden = {},
                               int startLayer = kHookEmbedding) const;
    // The log-odds from the logits at the last prompt position ([B, V] or [B, 1, V]) as a
    // tensor [B] (float64), differentiable when the logits are.
    at::Tensor logOdds(const at::Tensor& lastLogits) const;
    const std::vector<int64_t>& tokenIds() const { return m_ids; }

private:
    std::vector<int64_t> m_ids;
};

} // namespace auditgap::core
