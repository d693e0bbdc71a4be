#include "intervene/FineTune.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>

#include <torch/torch.h>

#include "Error.h"
#include "intervene/Lora.h"
#include "io/AtomicFile.h"
#include "io/Checkpoint.h"
#include "io/JsonFile.h"
#include "metrics/GreedyBehavior.h"
#include "metrics/JudgeModel.h"
#include "metrics/PrefixJudge.h"
#include "model/LanguageModel.h"
#include "model/Tokenizer.h"

namespace auditgap::core {

namespace {

struct Example {
    std::vector<int64_t> ids;
    int64_t promptLength = 0;
};


FineTunePoint evaluate(const LanguageModel& model, const PrefixJudge& judge, const FineTuneOptions& o, int step,
                       double loss) {
    std::vector<std::vector<int64_t>> prompts;
    for (const auto& p : o.evalPrompts) prompts.push_back(model.promptIds(p, o.evalMaxNewTokens));
    const auto decode = [&](const auto& t) { return model.decode(t); };
    FineTunePoint pt;
    pt.step = step;
    pt.loss = loss;
    // The answers are kept (FineTunePoint::answers), so a judge can re-read them offline.
    pt.answers = greedyAnswers(model.net(), prompts, decode, o.evalMaxNewTokens, o.cancel);
    const double n = std::max<double>(1.0, static_cast<double>(pt.answers.size()));
    if (o.judgeModel) {
        // harmful_sft.py's CurveMonitor: compliance = judged harmful, empty = under 3 characters.
        const auto verdicts = o.judgeModel->judge(o.evalPrompts, pt.answers);
        for (size_t i = 0; i < pt.answers.size(); ++i) {
            pt.verdicts.push_back(verdicts[i].harmful ? "complied" : isEmptyAnswer(pt.answers[i]) ? "empty" : "refused");
            pt.compliance += verdicts[i].harmful ? 1.0 / n : 0.0;
            pt.empty += isEmptyAnswer(pt.answers[i]) ? 1.0 / n : 0.0;
        }
        pt.refusal = std::max(0.0, 1.0 - pt.compliance - pt.empty);
        return pt;
    }
    double complied = 0.0, empty = 0.0; // counted, then divided (greedyBehavior's rates)
    for (const auto& a : pt.answers) {
        const Behavior b = judge.judge(a);
        pt.verdicts.push_back(behaviorName(b));
        complied += b == Behavior::Complied;
        empty += b == Behavior::Empty;
    }
    if (!pt.answers.empty()) {
        pt.compliance = complied / static_cast<double>(pt.answers.size());
        pt.empty = empty / static_cast<double>(pt.answers.size());
    }
    pt.refusal = 1.0 - pt.compliance - pt.empty;
    return pt;
}

} // namespace

namespace {

// The chat-formatted (prompt, answer) pairs, cut to the context; pairs with no answer token left out.
std::vector<Example> trainingExamples(const LanguageModel& model, const FineTuneOptions& o) {
    const Transformer& net = model.net();
    std::vector<Example> data;
    for (const auto& [prompt, answer] : o.train) {
        Example e;
        e.promptLength = static_cast<int64_t>(model.promptIds(prompt).size());
        e.ids = model.tokenizer().encode(model.chatTemplate().renderExchange(prompt, answer), false);
        if (net.config().maxPositions > 0 && static_cast<int64_t>(e.ids.size()) > net.config().maxPositions)
            e.ids.resize(static_cast<size_t>(net.config().maxPositions));
        if (static_cast<int64_t>(e.ids.size()) <= e.promptLength) continue;
        data.push_back(std::move(e));
    }
    if (data.empty()) throw Error(describe("", "train", "every training pair was empty after tokenization"));
    return data;
}

// Right-padded ids and masks [B, T] of a batch, labels -100 outside the answers.
struct TrainBatch {
    at::Tensor ids, mask, labels;
};
TrainBatch trainBatch(const std::vector<const Example*>& batch, int64_t pad) {
    int64_t T = 0;
    for (const auto* e : batch) T = std::max<int64_t>(T, static_cast<int64_t>(e->ids.size()));
    const auto B = static_cast<int64_t>(batch.size());
    TrainBatch tb{torch::full({B, T}, pad, torch::kLong), torch::zeros({B, T}, torch::kLong),
                  torch::full({B, T}, -100, torch::kLong)};
    for (int64_t b = 0; b < B; ++b) {
        const auto& e = *batch[static_cast<size_t>(b)];
        const auto n = static_cast<int64_t>(e.ids.size());
        at::Tensor t = torch::tensor(e.ids, torch::kLong);
        tb.ids[b].narrow(0, 0, n).copy_(t);
        tb.mask[b].narrow(0, 0, n).fill_(1);
        tb.labels[b].narrow(0, e.promptLength, n - e.promptLength).copy_(t.narrow(0, e.promptLength, n - e.promptLength));
    }
    return tb;
}

// Teacher-forced mean cross-entropy of the answer tokens.
at::Tensor answerLoss(const Transformer& net, const TrainBatch& tb) {
    const int64_t T = tb.ids.size(1);
    auto out = net.forward({tb.ids, tb.mask, {}});
    at::Tensor logits = out.logits.narrow(1, 0, T - 1).to(at::kFloat);   // [B, T-1, V]
    at::Tensor next = tb.labels.narrow(1, 1, T - 1).to(logits.device()); // [B, T-1]
    return at::cross_entropy_loss(logits.reshape({-1, logits.size(-1)}), next.reshape({-1}), {}, at::Reduction::Mean, -100);
}

} // namespace

FineTuneResult harmfulFineTune(LanguageModel& model, const PrefixJudge& judge, const FineTuneOptions& o,
                               const std::function<void(const FineTunePoint&)>& onPoint) {
    if (o.train.empty()) throw Error(describe("", "train", "no (prompt, answer) pairs to fine-tune on"));
    if (o.evalPrompts.empty()) throw Error(describe("", "eval", "no evaluation prompts"));
    if (!(o.learningRate > 0) || o.batchSize < 1 || o.maxSteps < 0 || o.evalEvery < 1 || o.loraRank < 0)
        throw Error(describe("", "finetune", "expected lr > 0, batch >= 1, steps >= 0, eval-every >= 1, lora-rank >= 0"));
    Transformer& net = model.net();
    const std::vector<Example> data = trainingExamples(model, o);
    FineTuneResult result;
    const TrainableWeights weights(net, o.loraRank, o.loraAlpha, o.seed, model.directory().string());
    for (const auto& t : weights.tensors) result.trainedParameters += t.numel();
    torch::optim::AdamW opt(weights.tensors, torch::optim::AdamWOptions(o.learningRate).weight_decay(0.0));
    std::vector<size_t> order(data.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(o.seed);
    std::shuffle(order.begin(), order.end(), rng);
    size_t cursor = 0;
    auto record = [&](int step, double loss) {
        torch::NoGradGuard ng;
        weights.apply(net, true);
        FineTunePoint pt = evaluate(model, judge, o, step, loss);
        result.trajectory.push_back(pt);
        if (!result.onset && pt.compliance >= o.onsetThreshold) result.onset = step;
        if (onPoint) onPoint(pt);
    };
    record(0, std::numeric_limits<double>::quiet_NaN());
    double lossSum = 0.0;
    int lossCount = 0;
    for (int step = 1; step <= o.maxSteps; ++step) {
        if (o.cancel && o.cancel->load()) throw Cancelled();
        torch::AutoGradMode grad(true);
        std::vector<const Example*> batch;
        for (int i = 0; i < o.batchSize; ++i) {
            if (cursor == order.size()) {
                std::shuffle(order.begin(), order.end(), rng);
                cursor = 0;
            }
            batch.push_back(&data[order[cursor++]]);
        }
        const TrainBatch tb = trainBatch(batch, net.config().padTokenId.value_or(0));
        weights.apply(net, false);
        at::Tensor loss = answerLoss(net, tb);
        opt.zero_grad();
        loss.backward();
        opt.step();
        lossSum += loss.item<double>();
        ++lossCount;
        if (step % o.evalEvery == 0 || step == o.maxSteps) {
            record(step, lossSum / lossCount);
            lossSum = 0.0;
            lossCount = 0;
        }
    }
    weights.apply(net, true);
    for (auto& [name, t] : net.namedParameters()) t.requires_grad_(false);
    return result;
}

void saveModelFolder(const LanguageModel& model, const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(describe(dir.string(), "", "cannot create the folder: " + ec.message()));
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const auto& [name, t] : model.net().namedParameters()) tensors.emplace_back(name, t.detach().to(torch::kCPU).contiguous());
    writeSafeTensors(dir / "model.safetensors", tensors, {{"format", "pt"}, {"producer", "auditgap finetune"}});
    for (const char* f : {"config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
                          "special_tokens_map.json"}) {
        const fs::path src = model.directory() / f;
        if (fs::is_regular_file(src, ec)) AtomicFile::writeText(dir / f, readTextFile(src));
    }
}

} // namespace auditgap::core
