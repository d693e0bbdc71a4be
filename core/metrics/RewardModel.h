#pragma once
// The harmlessness reward S of DESIGN §1.2: a sequence-classification model (one-logit `score`
// head, e.g. GPT-2-large harmless reward) scoring (prompt, response) pairs, tokenized as
// transformers' tokenizer(prompt, response) does for that tokenizer (Tokenizer::encodePair).
// Pairs longer than the model's context are cut from the end of the response, as transformers'
// truncation does. Higher is safer. Use from the engine's worker.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "model/Transformer.h"

namespace auditgap::core {

class LanguageModel;

class RewardModel {
public:
    // Throws Error naming the folder when the model has no score head. Without tokenizer.json
    // only scoreIds() works (score() then throws naming the missing file).
    static std::shared_ptr<RewardModel> load(const std::filesystem::path& dir, const LoadOptions& options = {});
    explicit RewardModel(std::shared_ptr<LanguageModel> model);

    std::vector<double> score(const std::vector<std::string>& prompts, const std::vector<std::string>& responses,
                              int batchSize = 16) const;
    // Already tokenized sequences, right-padded in batches; the score at each row's last token.
    std::vector<double> scoreIds(const std::vector<std::vector<int64_t>>& sequences, int batchSize = 16) const;
    const LanguageModel& model() const { return *m_model; }

private:
    std::shared_ptr<LanguageModel> m_model;
};

} // namespace auditgap::core
