#include "metrics/LogitRefusal.h"

#include <algorithm>

#include <torch/torch.h>

#include "Error.h"
#include "metrics/PrefixJudge.h"
#include "model/LanguageModel.h"
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

std::vector<double> LogitRefusal::scores(const Transformer& model, const std::vector<std::vector<int64_t>>& prompts,
                                         const Intervention* intervention) const {
    torch::NoGradGuard noGrad;
    const int64_t B = static_cast<int64_t>(prompts.size());
    if (B == 0) return {};
    int64_t T = 0;
    for (const auto& p : prompts) {
        if (p.empty()) throw Error("logit refusal: empty prompt");
        T = std::max<int64_t>(T, static_cast<int64_t>(p.size()));
    }
    at::Tensor ids = torch::full({B, T}, model.config().padTokenId.value_or(0), torch::kLong);
    at::Tensor mask = torch::zeros({B, T}, torch::kLong);
    std::vector<int64_t> last;
    for (int64_t b = 0; b < B; ++b) {
        const auto& p = prompts[static_cast<size_t>(b)];
        ids[b].narrow(0, 0, static_cast<int64_t>(p.size())).copy_(torch::tensor(p, torch::kLong));
        mask[b].narrow(0, 0, static_cast<int64_t>(p.size())).fill_(1);
        last.push_back(static_cast<int64_t>(p.size()) - 1);
    }
    ForwardOptions fo;
    fo.intervention = intervention;
    fo.logitPositions = torch::tensor(last, torch::kLong);
    auto out = model.forward({ids, mask, {}}, fo);
    at::Tensor lp = at::log_softmax(out.logits.select(1, 0).to(torch::kDouble), -1); // [B, V]
    at::Tensor set = torch::tensor(m_ids, torch::kLong).to(lp.device());
    at::Tensor logP = at::logsumexp(lp.index_select(1, set), 1);                     // log P(R)
    at::Tensor score = logP - at::log1p(-logP.exp().clamp_max(1.0 - 1e-15));
    score = score.to(torch::kCPU).contiguous();
    return {score.data_ptr<double>(), score.data_ptr<double>() + B};
}

} // namespace auditgap::core
