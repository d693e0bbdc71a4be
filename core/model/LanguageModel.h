#pragma once
// A loaded model folder: the network, its tokenizer (when the folder has one) and chat
// template. What the audit, judges and reward scoring hold on to. Use from the engine's worker.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/ChatTemplate.h"
#include "model/Transformer.h"

namespace auditgap::core {

class Tokenizer;

class LanguageModel {
public:
    // `chatTemplate`: a ChatTemplate::choose() choice against tokenizer_config.json's template
    // ("" = "paper", the protocol's default).
    static std::shared_ptr<LanguageModel> load(const std::filesystem::path& dir, const LoadOptions& options = {},
                                               const std::string& chatTemplate = "");
    // A network without a tokenizer (random models, raw-id work).
    LanguageModel(std::shared_ptr<Transformer> net, std::filesystem::path dir);

    Transformer& net() const { return *m_net; }
    const std::filesystem::path& directory() const { return m_dir; }
    bool hasTokenizer() const { return m_tokenizer != nullptr; }
    // Throws Error naming the folder when it has no tokenizer.json.
    const Tokenizer& tokenizer() const;
    const ChatTemplate& chatTemplate() const;

    // The prompt wrapped in the chat template and tokenized (no special tokens added: the
    // template carries them). Truncated to the model's context minus `reserve` tokens from
    // the left, so the template's assistant header survives; `truncated` reports it.
    // `chat`: another template (an audit's --template); nullptr = the model's.
    std::vector<int64_t> promptIds(const std::string& prompt, int64_t reserve = 0, bool* truncated = nullptr,
                                   const ChatTemplate* chat = nullptr) const;
    // ChatTemplate::choose() for this model's tokenizer.
    ChatTemplate chooseTemplate(const std::string& choice) const;
    std::string decode(const std::vector<int64_t>& ids) const;
    // SHA-256 of config.json + weights (computed once).
    const std::string& hash() const;

private:
    std::shared_ptr<Transformer> m_net;
    std::filesystem::path m_dir;
    std::shared_ptr<const Tokenizer> m_tokenizer;
    std::optional<ChatTemplate> m_chat;
    mutable std::string m_hash;
};

} // namespace auditgap::core
