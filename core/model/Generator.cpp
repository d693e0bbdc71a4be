#include "model/Generator.h"

#include <algorithm>

#include <torch/torch.h>

#include "Error.h"
#include "model/PaddedBatch.h"
#include "model/Transformer.h"
#include "platform/Preemption.h"

namespace auditgap::core {

namespace {

bool isStop(int64_t token, const std::vector<int64_t>& stops) {
    return std::find(stops.begin(), stops.end(), token) != stops.end();
}

// Reference path: one row at a time, the whole sequence recomputed at every step.
GenerationResult generateUncached(const Transformer& model, const std::vector<std::vector<int64_t>>& prompts,
                                  const GenerationOptions& o, const std::vector<int64_t>& stops) {
    GenerationResult r;
    for (size_t b = 0; b < prompts.size(); ++b) {
        std::vector<int64_t> seq = prompts[b];
        std::vector<int64_t> fresh;
        bool stopped = false;
        Intervention rowEdit;
        if (o.intervention) {
            rowEdit = *o.intervention;
            const auto row = static_cast<int64_t>(b);
            for (auto& e : rowEdit.edits) {
                // Per-row tensors keep this row only.
                if (e.add.defined() && e.add.dim() == 3)
                    e.add = e.add.size(1) == 1 ? e.add[row][0] : e.add[row];
                if (e.direction.defined() && e.direction.dim() == 2) e.direction = e.direction[row];
                if (e.value.defined() && e.value.dim() == 2) e.value = e.value[row];
                if (e.mask.defined() && e.mask.dim() == 2) e.mask = e.mask[row];
                // Recomputing the prefix: prompt-position edits keep acting on the prompt
                // positions only, exactly as they live on in a KV cache.
                const bool promptOnly = e.phase == Phase::PrefillOnly || e.positions != Positions::All;
                if (!promptOnly) continue;
                const int64_t n = static_cast<int64_t>(seq.size());
                if (e.kind == EditKind::Add && e.add.defined() && e.add.dim() == 1 && e.positions == Positions::All)
                    e.add = e.add.unsqueeze(0).expand({n, e.add.size(0)});
                if (e.positions == Positions::LastPrompt) {
                    e.positions = Positions::Mask;
                    e.mask = torch::zeros({n}, torch::kBool);
                    e.mask[n - 1] = true;
                } else if (e.positions == Positions::All && e.kind != EditKind::Add) {
                    e.positions = Positions::Mask;
                    e.mask = torch::ones({n}, torch::kBool);
                }
            }
        }
        for (int64_t step = 0; step < o.maxNewTokens; ++step) {
            yieldToInteractive(o.cancel); // a decoding step: background work yields here
            if (o.cancel && o.cancel->load()) {
                r.cancelled = true;
                break;
            }
            ForwardInput in;
            in.ids = torch::tensor(seq, torch::kLong).unsqueeze(0);
            ForwardOptions fo;
            // Recomputing the prefix: prompt-position deltas keep applying to prompt positions,
            // exactly as they live on in a KV cache.
            fo.intervention = o.intervention ? &rowEdit : nullptr;
            fo.logitPositions = torch::tensor({static_cast<int64_t>(seq.size()) - 1}, torch::kLong);
            auto out = model.forward(in, fo);
            const int64_t next = out.logits[0][0].argmax().item<int64_t>();
            fresh.push_back(next);
            seq.push_back(next);
            if (isStop(next, stops)) {
                stopped = true;
                break;
            }
        }
        r.tokens.push_back(std::move(fresh));
        r.stopped.push_back(stopped);
        if (r.cancelled) break;
    }
    return r;
}

} // namespace

GenerationResult generateGreedy(const Transformer& model, const std::vector<std::vector<int64_t>>& prompts,
                                const GenerationOptions& o) {
    torch::NoGradGuard noGrad;
    std::vector<int64_t> stops = o.stopTokens;
    if (o.useStopTokensFromConfig)
        for (int64_t id : model.config().eosTokenIds)
            if (!isStop(id, stops)) stops.push_back(id);
    for (const auto& p : prompts)
        if (p.empty()) throw Error("generate: every prompt needs at least one token");
    if (!o.useKvCache) return generateUncached(model, prompts, o, stops);

    GenerationResult r;
    const int64_t B = static_cast<int64_t>(prompts.size());
    r.tokens.resize(prompts.size());
    r.stopped.assign(prompts.size(), false);
    if (B == 0) return r;
    const PaddedBatch batch = padRight(prompts, model.config().padTokenId.value_or(0));
    const at::Tensor& ids = batch.ids;
    const at::Tensor& mask = batch.mask;
    const std::vector<int64_t>& lengths = batch.lengths;
    const int64_t maxLen = ids.size(1);
    at::Tensor len = torch::tensor(lengths, torch::kLong);

    KvCache cache;
    cache.capacity = maxLen + o.maxNewTokens;
    ForwardOptions fo;
    fo.cache = &cache;
    fo.intervention = o.intervention;
    fo.logitPositions = len - 1;
    auto out = model.forward({ids, mask, {}}, fo);
    if (o.firstStepLogits) *o.firstStepLogits = out.logits.select(1, 0).detach();
    std::vector<bool> done(static_cast<size_t>(B), false);
    at::Tensor position = len.clone(); // next position per row
    for (int64_t step = 0; step < o.maxNewTokens; ++step) {
        at::Tensor next = out.logits.select(1, 0).argmax(-1).to(torch::kCPU); // [B]
        auto acc = next.accessor<int64_t, 1>();
        bool allDone = true;
        for (int64_t b = 0; b < B; ++b) {
            if (done[static_cast<size_t>(b)]) continue;
            r.tokens[static_cast<size_t>(b)].push_back(acc[b]);
            if (isStop(acc[b], stops)) {
                done[static_cast<size_t>(b)] = true;
                r.stopped[static_cast<size_t>(b)] = true;
            }
            allDone = allDone && done[static_cast<size_t>(b)];
        }
        if (allDone || step + 1 == o.maxNewTokens) break;
        yieldToInteractive(o.cancel); // a decoding step: background work yields here
        if (o.cancel && o.cancel->load()) {
            r.cancelled = true;
            break;
        }
        ForwardOptions step_o;
        step_o.cache = &cache;
        step_o.intervention = o.intervention;
        step_o.decodeStep = true;
        out = model.forward({next.unsqueeze(1), {}, position.unsqueeze(1)}, step_o);
        position = position + 1;
    }
    return r;
}

} // namespace auditgap::core
