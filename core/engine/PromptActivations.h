#pragma once
// What the probe and the patching jobs share: a prompt set's chat-templated ids for one model
// (token-id prompts as they are), and residual-stream activations at every hook point, read at
// the decision token (the last prompt token, where the paper's probe and match term read) or
// at every prompt position. Batched forwards, no gradients; worker thread.
#include <atomic>
#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

namespace auditgap::core {

class LanguageModel;
struct PromptSet;

// Chat-templated ids of every prompt (the model's chosen template); `where` names the file.
std::vector<std::vector<int64_t>> promptIdsFor(const LanguageModel& lm, const PromptSet& prompts,
                                               int64_t reserve = 0);

// [N, H] f32 activations at the last token of each row, per hidden-state index (0 = the
// embedding output, l + 1 = block l's output): out[k] for hiddenIndex[k].
std::vector<at::Tensor> decisionActivations(const LanguageModel& lm, const std::vector<std::vector<int64_t>>& ids,
                                            const std::vector<int>& hiddenIndex, int batch = 16,
                                            const std::atomic<bool>* cancel = nullptr);

// Per block of `blocks`, per row, [T_i, H] activations (the model's dtype) of the block's
// output at every prompt position: out[k][row].
std::vector<std::vector<at::Tensor>> blockActivations(const LanguageModel& lm, const std::vector<std::vector<int64_t>>& ids,
                                                      const std::vector<int>& blocks, int batch = 16,
                                                      const std::atomic<bool>* cancel = nullptr);

} // namespace auditgap::core
