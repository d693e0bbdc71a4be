#pragma once
// Chat templates for wrapping prompts before tokenization (torch-free).
// Named templates: gemma, llama3, llama3.1 (3.1/3.2, with the default system turn), qwen
// (ChatML), qwen2.5 (with its default system prompt), mistral ([INST]) and plain; a user template is
// any text with a {prompt} placeholder and, for training pairs, a {response} placeholder.
// The rendered text contains the family's special tokens as text (e.g. "<bos>"), so encode it
// WITHOUT adding special tokens, as transformers' apply_chat_template does.
#include <optional>
#include <string>

namespace auditgap::core {

class ChatTemplate {
public:
    // Throws Error for an unknown name.
    static ChatTemplate named(const std::string& name);
    // A user template; throws Error when it lacks {prompt}.
    static ChatTemplate custom(const std::string& text);
    // Picks the family from marker tokens in tokenizer_config.json's chat_template
    // ("<start_of_turn>" gemma, "<|start_header_id|>" llama3 — llama3.1 when the template
    // injects "Cutting Knowledge Date" —, "<|im_start|>" qwen — qwen2.5 when it injects
    // "You are Qwen, created by Alibaba Cloud" —, "[INST]" mistral); plain when none is found.
    static ChatTemplate detect(const std::string& hfChatTemplate);
    // What an audit's --template option means (docs/protocol.md):
    //  - "paper" (the default): the paper's hand-written single-user-turn formats, no system
    //    turn (gemma, llama3, qwen), for the family detected from the tokenizer's template;
    //    a family the paper did not cover (Mistral, GPT-2, ...) gets the model's own template,
    //    and the name says so ("model/mistral (no paper format)");
    //  - "model": the model's own template, including its default system turn (the Llama-3.1/3.2
    //    date is the one the template itself sets: today's when it calls strftime_now);
    //  - "none": the prompt text as it is;
    //  - a named template (gemma, llama3, llama3.1, qwen, qwen2.5, mistral, plain);
    //  - a text with a {prompt} placeholder, or the path of a file holding one.
    // Throws Error naming the option ("template"), the file and the allowed values.
    static ChatTemplate choose(const std::string& choice, const std::string& hfChatTemplate);
    // The names choose() accepts besides files and texts.
    static const char* choices();

    // What outputs record: "paper/gemma", "model/llama3.1", "none", "file:PATH", a named
    // template's name, or "custom".
    const std::string& name() const { return m_name; }
    // The prompt wrapped up to where the model's answer starts.
    std::string renderPrompt(const std::string& prompt) const;
    // Prompt and answer, closed with the end-of-turn marker (for training and reward pairs).
    std::string renderExchange(const std::string& prompt, const std::string& response) const;
    const std::string& promptTemplate() const { return m_prompt; }

private:
    std::string m_name;
    std::string m_prompt;     // contains {prompt}
    std::string m_endOfTurn;  // appended after the response
};

} // namespace auditgap::core
