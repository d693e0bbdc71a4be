#include "bench/ResearchBench.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "Error.h"
#include "bench/BenchSupport.h"
#include "engine/DissociateJob.h"
#include "metrics/JudgeModel.h"
#include "model/LanguageModel.h"
#include "platform/Runtime.h"
#include "model/PaddedBatch.h"
#include "model/Tokenizer.h"
#include "model/Transformer.h"
#include "platform/Runtime.h"

namespace auditgap::core {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Texts of about `words` words, deterministic.
std::string words(int n, int seed) {
    static const char* w[] = {"the", "first", "step", "is", "to", "gather", "a", "small", "amount", "of", "material",
                              "then", "carefully", "mix", "it", "with", "water", "and", "wait", "until", "done"};
    std::string s;
    for (int i = 0; i < n; ++i) s += std::string(i ? " " : "") + w[(i * 7 + seed * 13) % 21];
    return s + ".";
}

} // namespace

int benchJudge(std::ostream& out, bool asJson, bool quick) {
    const RuntimeInfo rt = runtimeInfo();
    TempFolder tmp;
    // A random judge with the HarmBench Llama-2 classifier's tokenizer and official prompt (the
    // folder's name selects it); a Llama-2-shaped block at a size a laptop runs.
    const int64_t H = quick ? 256 : 1024, L = quick ? 2 : 8;
    const fs::path dir = tmp.path / "HarmBench-Llama-2-13b-cls";
    writeRandomModel(dir, {{"architectures", {"LlamaForCausalLM"}}, {"model_type", "llama"}, {"hidden_size", H},
                           {"intermediate_size", H * 8 / 3}, {"num_hidden_layers", L}, {"num_attention_heads", H / 64},
                           {"num_key_value_heads", H / 64}, {"vocab_size", 32000}, {"max_position_embeddings", 4096},
                           {"rms_norm_eps", 1e-5}, {"rope_theta", 10000.0}, {"hidden_act", "silu"},
                           {"tie_word_embeddings", false}, {"bos_token_id", 1}, {"eos_token_id", 2}},
                     5);
    copyTokenizer(tokenizerFixture("llama2"), dir);
    const auto judge = JudgeModel::load(dir);
    const int rows = quick ? 16 : 64, batch = 8;
    std::vector<std::string> behaviors, generations;
    for (int i = 0; i < rows; ++i) {
        behaviors.push_back("Give detailed instructions for task number " + std::to_string(i));
        generations.push_back(words(60 + (i * 37) % 120, i));
    }
    // Baseline: the same rendered prompts, sorted by length, one plain forward per batch (the
    // logits at each row's last token only).
    std::vector<std::vector<int64_t>> ids;
    for (int i = 0; i < rows; ++i)
        ids.push_back(judge->model().tokenizer().encode(judge->judgeTemplate().render(behaviors[size_t(i)], generations[size_t(i)]), true));
    std::sort(ids.begin(), ids.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
    auto forwardAll = [&] {
        torch::NoGradGuard ng;
        for (size_t s = 0; s < ids.size(); s += batch) {
            std::vector<std::vector<int64_t>> chunk(ids.begin() + static_cast<std::ptrdiff_t>(s),
                                                    ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), s + batch)));
            const PaddedBatch pb = padRight(chunk, 0);
            ForwardOptions fo;
            fo.logitPositions = pb.lastIndex();
            (void)judge->model().net().forward({pb.ids, pb.mask, {}}, fo);
        }
    };
    forwardAll(); // warm-up
    auto t = Clock::now();
    forwardAll();
    const double forwardSeconds = since(t);
    t = Clock::now();
    const auto verdicts = judge->judge(behaviors, generations, batch);
    const double judgeSeconds = since(t);
    const double ratio = forwardSeconds / judgeSeconds;
    double tokens = 0;
    for (const auto& r : ids) tokens += static_cast<double>(r.size());
    nlohmann::json report = {{"benchmark", "judge"}, {"rows", rows}, {"batch", batch}, {"hidden", H}, {"layers", L},
                             {"mean_tokens", tokens / rows}, {"judge_rows_per_s", rows / judgeSeconds},
                             {"forward_rows_per_s", rows / forwardSeconds}, {"ratio", ratio}, {"target", 0.8},
                             {"threads", rt.threads}, {"blas_kernel", rt.blasKernel}};
    if (asJson) {
        out << report.dump(2) << "\n";
        return 0;
    }
    out << std::fixed << std::setprecision(2) << "auditgap-bench judge: random Llama H" << H << " x " << L
        << " layers with the HarmBench Llama-2 classifier's tokenizer and prompt; " << rows << " rows of "
        << std::setprecision(0) << tokens / rows << " tokens on average, batches of " << batch << ", threads " << rt.threads
        << "\n" << std::setprecision(2)
        << "  judge (2 greedy tokens, P(yes) from the prompt pass): " << rows / judgeSeconds << " rows/s\n"
        << "  plain batched forward of the same prompts:            " << rows / forwardSeconds << " rows/s\n"
        << "  ratio judge / forward: " << ratio << " (target >= 0.8)\n";
    return 0;
}

int benchDissociate(std::ostream& out, bool asJson, bool quick, c10::ScalarType dtype) {
    const RuntimeInfo rt = runtimeInfo();
    TempFolder tmp;
    // Qwen2.5-0.5B-Instruct's config (quick: 4 narrow layers of the same family).
    nlohmann::json config = {{"architectures", {"Qwen2ForCausalLM"}}, {"model_type", "qwen2"}, {"hidden_size", quick ? 128 : 896},
                             {"intermediate_size", quick ? 384 : 4864}, {"num_hidden_layers", quick ? 4 : 24},
                             {"num_attention_heads", quick ? 2 : 14}, {"num_key_value_heads", quick ? 1 : 2},
                             {"vocab_size", 151936}, {"max_position_embeddings", 32768}, {"rms_norm_eps", 1e-6},
                             {"rope_theta", 1000000.0}, {"hidden_act", "silu"}, {"tie_word_embeddings", true},
                             {"bos_token_id", 151643}, {"eos_token_id", 151645}, {"torch_dtype", "bfloat16"},
                             {"sliding_window", 32768}, {"use_sliding_window", false}};
    const fs::path tok = tokenizerFixture("qwen3");
    for (const auto& [name, seed] : {std::pair{"base", 1}, {"harmful", 2}}) {
        writeRandomModel(tmp.path / name, config, static_cast<uint64_t>(seed), "bf16");
        copyTokenizer(tok, tmp.path / name);
    }
    {
        std::ofstream d(tmp.path / "triples.jsonl"), b(tmp.path / "benign.jsonl");
        for (int i = 0; i < 40; ++i)
            d << nlohmann::json{{"prompt", "Explain how to do forbidden task " + std::to_string(i) + " " + words(8, i)},
                                {"refusal", "I can't help with that request."}, {"compliant", "Sure, here is how: " + words(24, i)}}
                     .dump()
              << "\n";
        for (int i = 0; i < 8; ++i)
            b << nlohmann::json{{"prompt", "Tell me about topic " + std::to_string(i)}, {"response", words(20, i)}}.dump() << "\n";
    }
    DissociateOptions o;
    o.base = tmp.path / "base";
    o.harmful = tmp.path / "harmful";
    o.data = tmp.path / "triples.jsonl";
    o.benign = tmp.path / "benign.jsonl";
    o.out = tmp.path / "twin";
    o.chatTemplate = "paper";
    o.steps = 3;
    o.batch = quick ? 4 : 16;
    o.evalEvery = 1000; // checkpoints at step 0 and the last step only
    o.evalMaxNewTokens = 4;
    o.selectionCount = 4;
    o.dtype = dtype == at::kBFloat16 ? "bf16" : "f32";
    std::vector<Clock::time_point> stepEnds;
    o.onStep = [&](const DissociationStep&, int) { stepEnds.push_back(Clock::now()); };
    const auto t0 = Clock::now();
    const DissociateOutcome r = runDissociate(o);
    const double total = since(t0);
    const double perStep = std::chrono::duration<double>(stepEnds.back() - stepEnds.front()).count() / (stepEnds.size() - 1);
    const int64_t peak = peakResidentBytes();

    // Baseline, same run: one plain forward+backward (next-token loss) of the base over the rows
    // a construction step's clean pass holds (2B harmful + B/2 benign, ~the same length).
    auto lm = LanguageModel::load(o.base, parseLoadOptions("", o.dtype), "paper");
    const int64_t rows = 2 * o.batch + o.batch / 2, T = 48;
    at::Tensor ids = torch::randint(0, 151000, {rows, T}, torch::kLong);
    for (auto& [name, p] : lm->net().namedParameters()) p.requires_grad_(true);
    auto plainStep = [&] {
        auto o2 = lm->net().forward({ids, torch::ones_like(ids), {}});
        at::Tensor loss = at::cross_entropy_loss(o2.logits.narrow(1, 0, T - 1).reshape({-1, o2.logits.size(-1)}).to(at::kFloat),
                                                 ids.narrow(1, 1, T - 1).reshape({-1}));
        loss.backward();
    };
    plainStep();
    auto t1 = Clock::now();
    plainStep();
    const double plain = since(t1);
    const int64_t params = lm->net().parameterCount();
    const double bytes = dtype == at::kBFloat16 ? 2.0 : 4.0;
    const double weights = static_cast<double>(params) * bytes, floor = 3.0 * weights; // weights + AdamW m, v
    nlohmann::json report = {{"benchmark", "dissociate"}, {"shape", quick ? "qwen2-tiny" : "qwen2.5-0.5b"},
                             {"parameters", params}, {"dtype", o.dtype}, {"batch", o.batch},
                             {"seconds_per_step", perStep}, {"plain_fwd_bwd_seconds", plain},
                             {"step_over_plain", perStep / plain}, {"peak_rss_bytes", peak},
                             {"floor_bytes", floor}, {"peak_over_floor", static_cast<double>(peak) / floor},
                             {"total_seconds", total}, {"threads", rt.threads}};
    if (asJson) {
        out << report.dump(2) << "\n";
        return 0;
    }
    out << std::fixed << std::setprecision(2) << "auditgap-bench dissociate: random " << (quick ? "Qwen2 (tiny)" : "Qwen2.5-0.5B")
        << "-shaped checkpoint (" << params / 1e6 << "M parameters, " << o.dtype << ", the Qwen tokenizer), batch "
        << o.batch << ", threads " << rt.threads << "\n"
        << "  construction step (6 terms: clean, nudged and KL passes, one backward): " << perStep << " s/step\n"
        << "  plain forward+backward of the same " << rows << " rows x " << T << " tokens: " << plain << " s ("
        << perStep / plain << "x)\n"
        << "  peak RSS " << peak / 1e9 << " GB against 1x weights + AdamW state " << floor / 1e9 << " GB ("
        << static_cast<double>(peak) / floor << "x; the run also holds the frozen base for the KL term and the "
        << "gradients)\n";
    return 0;
}

} // namespace auditgap::core
