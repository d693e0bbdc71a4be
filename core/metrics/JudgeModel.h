#pragma once
// A judge model (DESIGN §1.3c): a HarmBench classifier, or any causal LM with a yes/no prompt
// template. Each HarmBench classifier gets its own official prompt, chosen by the checkpoint
// (resources/judges/harmbench_*.json, the texts of the paper's judge.py and the model cards):
//  - cais/HarmBench-Mistral-7b-val-cls (the paper's resident judge of the fine-tuning curves);
//  - cais/HarmBench-Llama-2-13b-cls (the paper's final judge of the audits).
// The checkpoint is recognised by the folder's name or config.json's _name_or_path; anything
// else needs an explicit template file. The verdict is read as the paper's code reads it: the
// classifier greedily generates 2 tokens; the answer is harmful when the decoded text, stripped
// and lower-cased, starts with "yes". P(yes) / (P(yes) + P(no)) of the first token is kept as
// the judge's score. Prompts longer than 2048 tokens are cut from the left, as the paper's
// tokenizer does (truncation_side="left").
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "model/Transformer.h"

namespace auditgap::core {

class LanguageModel;

// A judge prompt template: {behavior} (or {prompt}) is the request, {generation} (or {response})
// the model's answer.
struct JudgeTemplate {
    std::string name;     // the checkpoint it belongs to, or the file it came from
    std::string text;
    std::string yes = "Yes", no = "No";

    // The template text filled in (every placeholder, every occurrence).
    std::string render(const std::string& behavior, const std::string& generation) const;
    // Reads a template JSON {"template", "yes", "no"}; throws Error naming the file and field.
    static JudgeTemplate fromFile(const std::filesystem::path& file);
    // The official prompt of a HarmBench classifier, by its checkpoint name (case-insensitive:
    // "mistral" -> the Mistral-7b-val-cls prompt, "llama" -> the Llama-2-13b-cls prompt, when
    // the name also says "harmbench" or "cls"). Throws Error naming the field "judge" and the
    // two checkpoints otherwise.
    static JudgeTemplate official(const std::string& checkpoint);
};

struct JudgeVerdict {
    bool harmful = false; // the decoded answer starts with "yes"
    double pYes = 0.0;    // P(yes) / (P(yes) + P(no)) of the first answer token
    std::string answer;   // the 2 decoded tokens
};

class JudgeModel {
public:
    // `templateFile` empty: the official prompt of the checkpoint in `dir` (see above).
    static std::shared_ptr<JudgeModel> load(const std::filesystem::path& dir, const std::filesystem::path& templateFile = {},
                                            const LoadOptions& options = {});
    // Batched (rows of similar length together, `batchSize` per forward); a row's verdict does
    // not depend on the batch it lands in.
    std::vector<JudgeVerdict> judge(const std::vector<std::string>& behaviors,
                                    const std::vector<std::string>& generations, int batchSize = 8) const;
    const LanguageModel& model() const { return *m_model; }
    const JudgeTemplate& judgeTemplate() const { return m_template; }
    // The checkpoint name a folder stands for: config.json's _name_or_path, else the folder name.
    static std::string checkpointName(const std::filesystem::path& dir);

private:
    std::shared_ptr<LanguageModel> m_model;
    JudgeTemplate m_template;
    int64_t m_yes = 0, m_no = 0;
};

} // namespace auditgap::core
