#include "model/ChatTemplate.h"

#include "Error.h"

namespace auditgap::core {

namespace {
std::string substitute(std::string text, const std::string& key, const std::string& value) {
    size_t pos = 0;
    while ((pos = text.find(key, pos)) != std::string::npos) {
        text.replace(pos, key.size(), value);
        pos += value.size();
    }
    return text;
}
} // namespace

ChatTemplate ChatTemplate::named(const std::string& name) {
    ChatTemplate t;
    t.m_name = name;
    if (name == "gemma") {
        t.m_prompt = "<bos><start_of_turn>user\n{prompt}<end_of_turn>\n<start_of_turn>model\n";
        t.m_endOfTurn = "<end_of_turn>\n";
    } else if (name == "llama3") {
        t.m_prompt = "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n{prompt}<|eot_id|>"
                     "<|start_header_id|>assistant<|end_header_id|>\n\n";
        t.m_endOfTurn = "<|eot_id|>";
    } else if (name == "llama3.1") {
        // Llama 3.1 / 3.2 templates open with a system turn carrying the knowledge cutoff and
        // transformers' default date when the conversation has no system message.
        t.m_prompt = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                     "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|>"
                     "<|start_header_id|>user<|end_header_id|>\n\n{prompt}<|eot_id|>"
                     "<|start_header_id|>assistant<|end_header_id|>\n\n";
        t.m_endOfTurn = "<|eot_id|>";
    } else if (name == "qwen2.5") {
        // Qwen2.5 inserts its default system prompt when none is given.
        t.m_prompt = "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful "
                     "assistant.<|im_end|>\n<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n";
        t.m_endOfTurn = "<|im_end|>\n";
    } else if (name == "qwen") {
        t.m_prompt = "<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n";
        t.m_endOfTurn = "<|im_end|>\n";
    } else if (name == "mistral") {
        t.m_prompt = "<s>[INST] {prompt} [/INST]";
        t.m_endOfTurn = "</s>";
    } else if (name == "plain") {
        t.m_prompt = "{prompt}\n";
        t.m_endOfTurn = "";
    } else {
        throw Error(describe("", "chat template",
                             "unknown template '" + name + "' (expected gemma, llama3, llama3.1, qwen, qwen2.5, "
                             "mistral, plain, "
                             "or a text with a {prompt} placeholder)"));
    }
    return t;
}

ChatTemplate ChatTemplate::custom(const std::string& text) {
    if (text.find("{prompt}") == std::string::npos)
        throw Error(describe("", "chat template", "a custom template needs a {prompt} placeholder"));
    ChatTemplate t;
    t.m_name = "custom";
    const auto r = text.find("{response}");
    if (r == std::string::npos) {
        t.m_prompt = text;
    } else {
        t.m_prompt = text.substr(0, r);
        t.m_endOfTurn = text.substr(r + std::string("{response}").size());
    }
    return t;
}

ChatTemplate ChatTemplate::detect(const std::string& hf) {
    if (hf.find("<start_of_turn>") != std::string::npos) return named("gemma");
    if (hf.find("<|start_header_id|>") != std::string::npos)
        return named(hf.find("Cutting Knowledge Date") != std::string::npos ? "llama3.1" : "llama3");
    if (hf.find("<|im_start|>") != std::string::npos)
        return named(hf.find("You are Qwen, created by Alibaba Cloud") != std::string::npos ? "qwen2.5" : "qwen");
    if (hf.find("[INST]") != std::string::npos) return named("mistral");
    return named("plain");
}

std::string ChatTemplate::renderPrompt(const std::string& prompt) const {
    return substitute(m_prompt, "{prompt}", prompt);
}

std::string ChatTemplate::renderExchange(const std::string& prompt, const std::string& response) const {
    return renderPrompt(prompt) + response + m_endOfTurn;
}

} // namespace auditgap::core
