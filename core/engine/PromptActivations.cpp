#include "engine/PromptActivations.h"

#include <torch/torch.h>

#include "Error.h"
#include "io/PromptSet.h"
#include "model/LanguageModel.h"
#include "model/PaddedBatch.h"
#include "model/Transformer.h"

namespace auditgap::core {

namespace {

void checkCancel(const std::atomic<bool>* cancel) {
    if (cancel && cancel->load()) throw Cancelled();
}

template <typename F>
void forEachBatch(const LanguageModel& lm, const std::vector<std::vector<int64_t>>& ids, int batch,
                  const std::atomic<bool>* cancel, F&& f) {
    torch::NoGradGuard ng;
    const size_t step = static_cast<size_t>(std::max(1, batch));
    for (size_t s = 0; s < ids.size(); s += step) {
        checkCancel(cancel);
        std::vector<std::vector<int64_t>> chunk(ids.begin() + static_cast<std::ptrdiff_t>(s),
                                                ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), s + step)));
        const PaddedBatch pb = padRight(chunk, lm.net().config().padTokenId.value_or(0));
        ForwardOptions fo;
        fo.collectHidden = true;
        fo.computeHead = false;
        f(pb, lm.net().forward({pb.ids, pb.mask, {}}, fo));
    }
}

} // namespace

std::vector<std::vector<int64_t>> promptIdsFor(const LanguageModel& lm, const PromptSet& prompts, int64_t reserve) {
    std::vector<std::vector<int64_t>> out;
    for (const auto& item : prompts.items) {
        if (!item.ids.empty()) {
            out.push_back(item.ids);
            continue;
        }
        if (!lm.hasTokenizer())
            throw Error(describe(prompts.source + ":" + std::to_string(item.line), "prompt",
                                 "the model has no tokenizer: give the prompts as token ids (\"ids\")"));
        out.push_back(lm.promptIds(item.prompt, reserve));
    }
    return out;
}

std::vector<at::Tensor> decisionActivations(const LanguageModel& lm, const std::vector<std::vector<int64_t>>& ids,
                                            const std::vector<int>& hiddenIndex, int batch,
                                            const std::atomic<bool>* cancel) {
    std::vector<std::vector<at::Tensor>> parts(hiddenIndex.size());
    forEachBatch(lm, ids, batch, cancel, [&](const PaddedBatch& pb, const ForwardOutput& out) {
        const at::Tensor rows = torch::arange(pb.ids.size(0)), last = pb.lastIndex();
        for (size_t k = 0; k < hiddenIndex.size(); ++k)
            parts[k].push_back(out.hidden.at(static_cast<size_t>(hiddenIndex[k])).index({rows, last}).to(torch::kFloat));
    });
    std::vector<at::Tensor> result;
    for (auto& p : parts) result.push_back(torch::cat(p, 0));
    return result;
}

std::vector<std::vector<at::Tensor>> blockActivations(const LanguageModel& lm, const std::vector<std::vector<int64_t>>& ids,
                                                      const std::vector<int>& blocks, int batch,
                                                      const std::atomic<bool>* cancel) {
    std::vector<std::vector<at::Tensor>> result(blocks.size());
    forEachBatch(lm, ids, batch, cancel, [&](const PaddedBatch& pb, const ForwardOutput& out) {
        for (size_t k = 0; k < blocks.size(); ++k) {
            const at::Tensor& h = out.hidden.at(static_cast<size_t>(blocks[k] + 1));
            for (int64_t b = 0; b < h.size(0); ++b)
                result[k].push_back(h[b].narrow(0, 0, pb.lengths[static_cast<size_t>(b)]).clone());
        }
    });
    return result;
}

} // namespace auditgap::core
