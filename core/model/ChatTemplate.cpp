#include "model/ChatTemplate.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

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
// The date a Llama-3.1/3.2 template writes into its system turn: the template's own
// `date_string` default, or today's date ("%d %b %Y") when the template calls strftime_now.
std::string llamaDate(const std::string& hf) {
    const bool today = hf.empty() || hf.find("strftime_now") != std::string::npos;
    std::smatch m;
    if (!today && std::regex_search(hf, m, std::regex(R"(date_string\s*=\s*["']([^"']+)["'])"))) return m[1].str();
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%d %b %Y", &tm);
    return buf;
}

std::string llama31Prompt(const std::string& date) {
    return "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
           "Cutting Knowledge Date: December 2023\nToday Date: " + date + "\n\n<|eot_id|>"
           "<|start_header_id|>user<|end_header_id|>\n\n{prompt}<|eot_id|>"
           "<|start_header_id|>assistant<|end_header_id|>\n\n";
}

// The family of a tokenizer's template, by its marker tokens: gemma, llama3, llama3.1, qwen,
// qwen2.5, mistral or plain.
std::string familyOf(const std::string& hf) {
    if (hf.find("<start_of_turn>") != std::string::npos) return "gemma";
    if (hf.find("<|start_header_id|>") != std::string::npos)
        return hf.find("Cutting Knowledge Date") != std::string::npos ? "llama3.1" : "llama3";
    if (hf.find("<|im_start|>") != std::string::npos)
        return hf.find("You are Qwen, created by Alibaba Cloud") != std::string::npos ? "qwen2.5" : "qwen";
    if (hf.find("[INST]") != std::string::npos) return "mistral";
    return "plain";
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
        // the date (today's, as the 3.2 template's strftime_now gives it).
        t.m_prompt = llama31Prompt(llamaDate(""));
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
                             "unknown template '" + name + "' (expected " + choices() + ")"));
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
    ChatTemplate t = named(familyOf(hf));
    if (t.m_name == "llama3.1") t.m_prompt = llama31Prompt(llamaDate(hf));
    return t;
}

const char* ChatTemplate::choices() {
    return "paper, model, none, gemma, llama3, llama3.1, qwen, qwen2.5, mistral, plain, a text with a {prompt} "
           "placeholder or a file holding one";
}

ChatTemplate ChatTemplate::choose(const std::string& choice, const std::string& hf) {
    if (choice == "paper" || choice.empty()) {
        const std::string family = familyOf(hf);
        // The paper's three formats (chat_templates.py) are the single-user-turn ones.
        const std::string paperName = family == "llama3.1" ? "llama3" : family == "qwen2.5" ? "qwen" : family;
        if (paperName == "gemma" || paperName == "llama3" || paperName == "qwen") {
            ChatTemplate t = named(paperName);
            t.m_name = "paper/" + paperName;
            return t;
        }
        ChatTemplate t = detect(hf);
        t.m_name = "model/" + t.m_name + " (no paper format)";
        return t;
    }
    if (choice == "model") {
        ChatTemplate t = detect(hf);
        t.m_name = "model/" + t.m_name;
        return t;
    }
    if (choice == "none") {
        ChatTemplate t = named("plain");
        t.m_name = "none";
        t.m_prompt = "{prompt}";
        return t;
    }
    if (choice.find("{prompt}") != std::string::npos) return custom(choice);
    try {
        return named(choice);
    } catch (const Error&) {
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(choice, ec))
        throw Error(describe("", "template", "unknown template '" + choice + "' (expected " + choices() + ")"));
    std::ifstream in(choice, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) throw Error(describe(choice, "template", "cannot read the file"));
    if (text.str().find("{prompt}") == std::string::npos)
        throw Error(describe(choice, "template", "a template file needs a {prompt} placeholder"));
    ChatTemplate t = custom(text.str());
    t.m_name = "file:" + choice;
    return t;
}

std::string ChatTemplate::renderPrompt(const std::string& prompt) const {
    return substitute(m_prompt, "{prompt}", prompt);
}

std::string ChatTemplate::renderExchange(const std::string& prompt, const std::string& response) const {
    return renderPrompt(prompt) + response + m_endOfTurn;
}

} // namespace auditgap::core
