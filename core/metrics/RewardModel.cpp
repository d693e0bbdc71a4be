#include "metrics/RewardModel.h"

#include <algorithm>

#include <torch/torch.h>

#include "Error.h"
#include "model/LanguageModel.h"
#include "model/PaddedBatch.h"
#include "model/Tokenizer.h"

namespace auditgap::core {

RewardModel::RewardModel(std::shared_ptr<LanguageModel> model) : m_model(std::move(model)) {
    if (m_model->net().config().head != HeadKind::SequenceClassification)
        throw Error(describe((m_model->directory() / "config.json").string(), "architectures",
                             "a reward model needs a sequence-classification head (e.g. GPT2ForSequenceClassification)"));
}

std::shared_ptr<RewardModel> RewardModel::load(const std::filesystem::path& dir, const LoadOptions& options) {
    auto m = LanguageModel::load(dir, options);
    return std::make_shared<RewardModel>(m); // without a tokenizer it scores token ids only
}

std::vector<double> RewardModel::score(const std::vector<std::string>& prompts, const std::vector<std::string>& responses,
                                       int batchSize) const {
    if (prompts.size() != responses.size()) throw Error("reward: one response per prompt is required");
    const int64_t limit = m_model->net().config().maxPositions;
    std::vector<std::vector<int64_t>> seqs;
    for (size_t i = 0; i < prompts.size(); ++i) {
        auto ids = m_model->tokenizer().encodePair(prompts[i], responses[i]);
        if (limit > 0 && static_cast<int64_t>(ids.size()) > limit) ids.resize(static_cast<size_t>(limit));
        seqs.push_back(std::move(ids));
    }
    return scoreIds(seqs, batchSize);
}

std::vector<double> RewardModel::scoreIds(const std::vector<std::vector<int64_t>>& sequences, int batchSize) const {
    torch::NoGradGuard noGrad;
    const Transformer& net = m_model->net();
    const int64_t pad = net.config().padTokenId.value_or(0);
    std::vector<double> out;
    for (size_t start = 0; start < sequences.size(); start += static_cast<size_t>(std::max(1, batchSize))) {
        const size_t end = std::min(sequences.size(), start + static_cast<size_t>(std::max(1, batchSize)));
        const int64_t B = static_cast<int64_t>(end - start);
        const PaddedBatch batch = padRight({sequences.begin() + static_cast<std::ptrdiff_t>(start),
                                            sequences.begin() + static_cast<std::ptrdiff_t>(end)},
                                           pad);
        // The score at each row's last real token. (transformers pools at the last non-pad id;
        // a pair whose response ends in the pad id, e.g. GPT-2's eos, would be pooled earlier
        // there; the mask gives the row's true end.)
        ForwardOptions fo;
        fo.logitPositions = batch.lastIndex();
        auto res = net.forward({batch.ids, batch.mask, {}}, fo);
        at::Tensor s = res.logits.select(1, 0).select(1, 0).to(torch::kCPU, torch::kDouble).contiguous();
        out.insert(out.end(), s.data_ptr<double>(), s.data_ptr<double>() + B);
    }
    return out;
}

} // namespace auditgap::core
