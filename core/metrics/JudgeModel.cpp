#include "metrics/JudgeModel.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "Error.h"
#include "io/JsonFile.h"
#include "model/Generator.h"
#include "model/LanguageModel.h"
#include "model/Tokenizer.h"
#include "platform/Runtime.h"

namespace auditgap::core {

namespace {

constexpr int64_t kMaxJudgeTokens = 2048; // judge.py: max_length=2048, truncation_side="left"

std::string fill(std::string text, const std::string& key, const std::string& value) {
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
        text.replace(at, key.size(), value);
    return text;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool startsWithYes(const std::string& answer) {
    size_t a = 0;
    while (a < answer.size() && std::isspace(static_cast<unsigned char>(answer[a]))) ++a;
    return lower(answer.substr(a)).rfind("yes", 0) == 0;
}

} // namespace

std::string JudgeTemplate::render(const std::string& behavior, const std::string& generation) const {
    // Placeholders are filled in one pass each, request first; the request's own text is never
    // searched for the answer's placeholder (a request may quote "{generation}").
    const bool modern = text.find("{behavior}") != std::string::npos;
    const std::string req = modern ? "{behavior}" : "{prompt}", ans = modern ? "{generation}" : "{response}";
    std::string out;
    size_t at = 0;
    while (at < text.size()) {
        const size_t r = text.find(req, at), g = text.find(ans, at);
        const size_t next = std::min(r, g);
        out += text.substr(at, next == std::string::npos ? std::string::npos : next - at);
        if (next == std::string::npos) break;
        out += next == r ? behavior : generation;
        at = next + (next == r ? req.size() : ans.size());
    }
    return out;
}

JudgeTemplate JudgeTemplate::fromFile(const std::filesystem::path& file) {
    const auto j = readJsonFile(file);
    auto text = [&](const char* key) {
        auto it = j.find(key);
        if (it == j.end() || !it->is_string() || it->get<std::string>().empty())
            throw Error(describe(file.string(), key, "expected a non-empty string"));
        return it->get<std::string>();
    };
    JudgeTemplate t;
    t.name = j.contains("checkpoint") && j.at("checkpoint").is_string() ? j.at("checkpoint").get<std::string>() : file.string();
    t.text = text("template");
    if (t.text.find("{generation}") == std::string::npos && t.text.find("{response}") == std::string::npos)
        throw Error(describe(file.string(), "template", "expected a {generation} (or {response}) placeholder"));
    t.yes = text("yes");
    t.no = text("no");
    return t;
}

JudgeTemplate JudgeTemplate::official(const std::string& checkpoint) {
    const std::string n = lower(checkpoint);
    const bool harmbench = n.find("harmbench") != std::string::npos || n.find("cls") != std::string::npos;
    if (harmbench && n.find("mistral") != std::string::npos)
        return fromFile(findDataFile("judges/harmbench_mistral_val_cls.json"));
    if (harmbench && n.find("llama") != std::string::npos) return fromFile(findDataFile("judges/harmbench_llama2_cls.json"));
    throw Error(describe("", "judge",
                         "unknown judge checkpoint '" + checkpoint +
                             "' (expected cais/HarmBench-Llama-2-13b-cls or cais/HarmBench-Mistral-7b-val-cls, "
                             "recognised by the folder name or config.json's _name_or_path; any other judge model "
                             "needs --judge-template FILE)"));
}

std::string JudgeModel::checkpointName(const std::filesystem::path& dir) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(dir / "config.json", ec)) {
        const auto j = readJsonFile(dir / "config.json");
        if (j.contains("_name_or_path") && j.at("_name_or_path").is_string() && !j.at("_name_or_path").get<std::string>().empty())
            return j.at("_name_or_path").get<std::string>();
    }
    const auto clean = dir.lexically_normal();
    return (clean.filename().empty() ? clean.parent_path() : clean).filename().string();
}

std::shared_ptr<JudgeModel> JudgeModel::load(const std::filesystem::path& dir, const std::filesystem::path& templateFile,
                                             const LoadOptions& options) {
    auto r = std::make_shared<JudgeModel>();
    r->m_template = templateFile.empty() ? JudgeTemplate::official(checkpointName(dir)) : JudgeTemplate::fromFile(templateFile);
    r->m_model = LanguageModel::load(dir, options);
    if (r->m_model->net().config().head != HeadKind::CausalLM)
        throw Error(describe((dir / "config.json").string(), "architectures", "a judge model must be a causal LM"));
    auto firstToken = [&](const std::string& word, const char* key) {
        const auto ids = r->m_model->tokenizer().encode(word, false);
        if (ids.empty()) throw Error(describe(r->m_template.name, key, "tokenizes to nothing"));
        return ids.front();
    };
    r->m_yes = firstToken(r->m_template.yes, "yes");
    r->m_no = firstToken(r->m_template.no, "no");
    if (r->m_yes == r->m_no) throw Error(describe(r->m_template.name, "yes", "'yes' and 'no' start with the same token"));
    return r;
}

std::vector<JudgeVerdict> JudgeModel::judge(const std::vector<std::string>& behaviors,
                                            const std::vector<std::string>& generations, int batchSize) const {
    torch::NoGradGuard noGrad;
    const Tokenizer& tok = m_model->tokenizer();
    std::vector<std::vector<int64_t>> prompts;
    for (size_t i = 0; i < behaviors.size(); ++i) {
        auto ids = tok.encode(m_template.render(behaviors[i], generations.at(i)), true);
        if (static_cast<int64_t>(ids.size()) > kMaxJudgeTokens) ids.erase(ids.begin(), ids.end() - kMaxJudgeTokens);
        prompts.push_back(std::move(ids));
    }
    // Batches of similar lengths (least padding); each row's verdict is independent of its
    // batch: rows are right-padded and every row keeps its own positions.
    std::vector<size_t> order(prompts.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return prompts[a].size() < prompts[b].size(); });
    std::vector<JudgeVerdict> out(prompts.size());
    const size_t step = static_cast<size_t>(std::max(1, batchSize));
    for (size_t s = 0; s < order.size(); s += step) {
        std::vector<std::vector<int64_t>> chunk;
        for (size_t k = s; k < std::min(order.size(), s + step); ++k) chunk.push_back(prompts[order[k]]);
        at::Tensor first;
        GenerationOptions go;
        go.maxNewTokens = 2;
        go.firstStepLogits = &first;
        const auto gen = generateGreedy(m_model->net(), chunk, go);
        at::Tensor l = first.to(torch::kCPU, torch::kDouble);
        for (size_t k = 0; k < chunk.size(); ++k) {
            JudgeVerdict& v = out[order[s + k]];
            v.answer = tok.decode(gen.tokens.at(k), true);
            v.harmful = startsWithYes(v.answer);
            const auto row = static_cast<int64_t>(k);
            v.pYes = 1.0 / (1.0 + std::exp(l[row][m_no].item<double>() - l[row][m_yes].item<double>()));
        }
    }
    return out;
}

} // namespace auditgap::core
