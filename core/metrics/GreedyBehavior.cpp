#include "metrics/GreedyBehavior.h"

#include <algorithm>

#include <torch/torch.h>

#include "Error.h"
#include "metrics/PrefixJudge.h"
#include "model/Generator.h"

namespace auditgap::core {

std::vector<std::string> greedyAnswers(const Transformer& net, const std::vector<std::vector<int64_t>>& prompts,
                                       const std::function<std::string(const std::vector<int64_t>&)>& decode,
                                       int64_t maxNewTokens, const std::atomic<bool>* cancel,
                                       const Intervention* intervention) {
    torch::NoGradGuard ng;
    GenerationOptions g;
    g.maxNewTokens = maxNewTokens;
    g.cancel = cancel;
    g.intervention = intervention;
    std::vector<std::string> answers;
    constexpr size_t kBatch = 32;
    for (size_t s = 0; s < prompts.size(); s += kBatch) {
        const std::vector<std::vector<int64_t>> chunk(prompts.begin() + static_cast<std::ptrdiff_t>(s),
                                                      prompts.begin() + static_cast<std::ptrdiff_t>(std::min(prompts.size(), s + kBatch)));
        const auto out = generateGreedy(net, chunk, g);
        if (out.cancelled) throw Cancelled();
        for (const auto& t : out.tokens) answers.push_back(decode(t));
    }
    return answers;
}

BehaviorRates greedyBehavior(const Transformer& net, const std::vector<std::vector<int64_t>>& prompts,
                             const std::function<std::string(const std::vector<int64_t>&)>& decode,
                             const PrefixJudge& judge, int64_t maxNewTokens, const std::atomic<bool>* cancel,
                             const Intervention* intervention) {
    BehaviorRates r;
    for (const auto& answer : greedyAnswers(net, prompts, decode, maxNewTokens, cancel, intervention)) {
        const Behavior b = judge.judge(answer);
        r.refused += b == Behavior::Refused;
        r.complied += b == Behavior::Complied;
        r.empty += b == Behavior::Empty;
    }
    if (!prompts.empty()) {
        const auto n = static_cast<double>(prompts.size());
        r.refused /= n;
        r.complied /= n;
        r.empty /= n;
    }
    return r;
}

} // namespace auditgap::core
