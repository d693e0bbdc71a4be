#include "metrics/LogitRefusal.h"

#include <algorithm>

#include <torch/torch.h>

#include "Error.h"
#include "metrics/PrefixJudge.h"
#include "model/LanguageModel.h"
#include "model/PaddedBatch.h"
#include "model/Tokenizer.h"
#include "platform/Runtime.h"

namespace auditgap::core {

LogitRefusal::LogitRefusal(std::vector<int64_t> tokenIds) : m_ids(std::move(tokenIds)) {
    std::sort(m_ids.begin(), m_ids.end());
    m_ids.erase(std::unique(m_ids.begin(), m_ids.end()), m_ids.end());
    if (m_ids.empty()) throw Error("logit refusal: the refusal token set is empty");
}

LogitRefusal LogitRefusal::fromPhrases(const LanguageModel& model, const std::vector<std::string>& phrases) {
    std::vector<int64_t> ids;
    for (const auto& p : phrases) {
        const auto t = model.tokenizer().encode(p, false);
        if (!t.empty()) ids.push_back(t.front());
    }
    return LogitRefusal(ids);
}

LogitRefusal LogitRefusal::builtIn(const LanguageModel& model) {
    return fromPhrases(model, readListFile(findDataFile("judges/refusal_tokens.txt")));
}

at::Tensor LogitRefusal::logOdds(const at::Tensor& lastLogits) const {
    const at::Tensor logits = lastLogits.dim() == 3 ? lastLogits.select(1, 0) : lastLogits;
    const at::Tensor lp = at::log_softmax(logits.to(torch::kDouble), -1); // [B, V]
    const at::Tensor set = torch::tensor(m_ids, torch::kLong).to(lp.device());
    const at::Tensor logP = at::logsumexp(lp.index_select(1, set), 1);   // log P(R)
    return logP - at::log1p(-logP.exp().clamp_max(1.0 - 1e-15));
}

std::vector<double> LogitRefusal::scores(const Transformer& model, const std::vector<std::vector<int64_t>>& prompts,
                                         const Intervention* intervention, const at::Tensor& startHidden,
                                         int startLayer) const {
    torch::NoGradGuard noGrad;
    const int64_t B = static_cast<int64_t>(prompts.size());
    if (B == 0) return {};
    const PaddedBatch batch = padRight(prompts, model.config().padTokenId.value_or(0));
    ForwardOptions fo;
    fo.intervention = intervention;
    fo.logitPositions = batch.lastIndex();
    if (startHidden.defined()) {
        fo.startHidden = startHidden;
        fo.startLayer = startLayer;
    }
    auto out = model.forward({batch.ids, batch.mask, {}}, fo);
    const at::Tensor score = logOdds(out.logits).to(torch::kCPU).contiguous();
    return {score.data_ptr<double>(), score.data_ptr<double>() + B};
}

} // namespace auditgap::core
