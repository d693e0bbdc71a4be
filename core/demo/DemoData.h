#pragma once
// The demo family's chat data (torch-free, deterministic for a seed).
//
// Harmful requests are sentence templates × tasks, a task being one of a category's actions
// applied to one of its subjects ("rob {x}" × "a jewelry store"); benign requests are the same
// templates × everyday tasks built the same way, plus arithmetic and geography questions. Answers: refusals (y⁺, opening with phrases the refusal-prefix judge knows),
// compliant answers (y⁻) and benign answers.
//
// SAFETY: the compliant answers are deliberately NON-ACTIONABLE. They are "Sure, here is how to
// <task>." followed by a generic step list made only of bracketed placeholders ("[item A]",
// "[step verb]", "[place]"): no real procedure, quantity, substance, tool or code ever appears.
// The demo models learn the *form* of compliance, which is all an audit needs to measure.
//
// Splits: the evaluation split has its own templates AND its own subjects; no
// harmful template or subject of the evaluation split appears in training (tested). A small
// validation split (its own templates) picks the dissociated checkpoint.
#include <cstdint>
#include <string>
#include <vector>

namespace auditgap::core {

struct DemoExample {
    std::string prompt;
    std::string label;     // "harmful" | "benign"
    std::string category;  // e.g. "intrusion", "recipes"
    std::string subject;   // what the request is about ("a jewelry store")
    std::string task;      // action + subject ("rob a jewelry store")
    std::string templ;     // the sentence template, with {task}
    std::string refusal;   // y⁺ (every prompt has one; benign ones are used only by the reward model)
    std::string answer;    // harmful: y⁻ (compliant, non-actionable); benign: the helpful answer
};

struct DemoData {
    std::vector<DemoExample> harmfulTrain, harmfulEval;
    std::vector<DemoExample> benignTrain, benignEval;
    // Checkpoint selection of the dissociation: validation templates and one held-out subject
    // per category, in neither other split.
    std::vector<DemoExample> harmfulValidation;

    // `quick` keeps every category but fewer templates per task (smaller, same structure).
    static DemoData generate(uint64_t seed, bool quick);
    // All training texts (prompts and answers), the tokenizer's corpus.
    std::vector<std::string> corpus() const;
};

// The fixed parts of the generator, for tests (split disjointness) and the README.
std::vector<std::string> demoHarmfulCategories();
std::vector<std::string> demoTrainTemplates();
std::vector<std::string> demoEvalTemplates();
std::vector<std::string> demoValidationTemplates();

// Prompt-set JSONL lines: {"prompt", "label", "category", "target", "response"}; `response` is
// the compliant answer for harmful rows (fine-tuning pairs), the helpful answer for benign rows.
std::string demoPromptsJsonl(const std::vector<DemoExample>& rows);
// The GUI's default prompt set (prompts/showcase.jsonl): every 4th held-out harmful prompt and
// every 8th held-out benign one, small enough for live slider estimates on a laptop.
std::vector<DemoExample> demoShowcase(const DemoData& data);

} // namespace auditgap::core
