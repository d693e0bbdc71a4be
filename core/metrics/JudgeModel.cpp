#include "metrics/JudgeModel.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "Error.h"
#include "io/JsonFile.h"
#include "model/LanguageModel.h"
#include "model/Tokenizer.h"
#include "platform/Runtime.h"

namespace auditgap::core {

namespace {
std::string fill(std::string text, const std::string& key, const std::string& value) {
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
        text.replace(at, key.size(), value);
    return text;
}
} // namespace

std::shared_ptr<JudgeModel> JudgeModel::load(const std::filesystem::path& dir, const std::filesystem::path& templateFile,
                                             const LoadOptions& options) {
    const auto file = templateFile.empty() ? findDataFile("judges/judge_yes_no.json") : templateFile;
    const auto j = readJsonFile(file);
    auto text = [&](const char* key) {
        auto it = j.find(key);
        if (it == j.end() || !it->is_string() || it->get<std::string>().empty())
            throw Error(describe(file.string(), key, "expected a non-empty string"));
        return it->get<std::string>();
    };
    auto r = std::make_shared<JudgeModel>();
    r->m_template = text("template");
    if (r->m_template.find("{response}") == std::string::npos)
        throw Error(describe(file.string(), "template", "expected a {response} placeholder"));
    r->m_model = LanguageModel::load(dir, options);
    if (r->m_model->net().config().head != HeadKind::CausalLM)
        throw Error(describe((dir / "config.json").string(), "architectures", "a judge model must be a causal LM"));
    auto firstToken = [&](const char* key) {
        const auto ids = r->m_model->tokenizer().encode(text(key), false);
        if (ids.empty()) throw Error(describe(file.string(), key, "tokenizes to nothing"));
        return ids.front();
    };
    r->m_yes = firstToken("yes");
    r->m_no = firstToken("no");
    if (r->m_yes == r->m_no) throw Error(describe(file.string(), "yes", "'yes' and 'no' start with the same token"));
    return r;
}

std::vector<double> JudgeModel::harmfulProbability(const std::vector<std::string>& prompts,
                                                   const std::vector<std::string>& responses) const {
    torch::NoGradGuard noGrad;
    std::vector<double> out;
    for (size_t i = 0; i < prompts.size(); ++i) {
        const std::string text = fill(fill(m_template, "{prompt}", prompts[i]), "{response}", responses.at(i));
        auto ids = m_model->tokenizer().encode(text, true);
        ForwardOptions fo;
        fo.logitPositions = torch::tensor({static_cast<int64_t>(ids.size()) - 1}, torch::kLong);
        auto res = m_model->net().forward({torch::tensor(ids, torch::kLong).unsqueeze(0), {}, {}}, fo);
        at::Tensor l = res.logits[0][0].to(torch::kDouble);
        const double y = l[m_yes].item<double>(), n = l[m_no].item<double>();
        out.push_back(1.0 / (1.0 + std::exp(n - y)));
    }
    return out;
}

} // namespace auditgap::core
