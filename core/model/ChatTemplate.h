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
