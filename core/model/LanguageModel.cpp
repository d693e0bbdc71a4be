#include "model/LanguageModel.h"

#include "Error.h"
#include "io/HashCache.h"
#include "model/Tokenizer.h"

namespace auditgap::core {

LanguageModel::LanguageModel(std::shared_ptr<Transformer> net, std::filesystem::path dir)
    : m_net(std::move(net)), m_dir(std::move(dir)) {}

std::shared_ptr<LanguageModel> LanguageModel::load(const std::filesystem::path& dir, const LoadOptions& options,
                                                   const std::string& chatTemplate) {
    auto m = std::make_shared<LanguageModel>(std::shared_ptr<Transformer>(Transformer::load(dir, options)), dir);
    std::error_code ec;
    if (std::filesystem::is_regular_file(dir / "tokenizer.json", ec)) {
        m->m_tokenizer = Tokenizer::load(dir);
        m->m_chat = ChatTemplate::choose(chatTemplate, m->m_tokenizer->chatTemplateSource());
    } else if (!chatTemplate.empty()) {
        m->m_chat = ChatTemplate::choose(chatTemplate, "");
    }
    return m;
}

const Tokenizer& LanguageModel::tokenizer() const {
    if (!m_tokenizer)
        throw Error(describe((m_dir / "tokenizer.json").string(), "", "this model has no tokenizer; text prompts need one "
                                                                       "(use token ids, or add tokenizer.json)"));
    return *m_tokenizer;
}

const ChatTemplate& LanguageModel::chatTemplate() const {
    if (!m_chat) throw Error(describe(m_dir.string(), "chat_template", "no chat template known for this model"));
    return *m_chat;
}

ChatTemplate LanguageModel::chooseTemplate(const std::string& choice) const {
    return ChatTemplate::choose(choice, m_tokenizer ? m_tokenizer->chatTemplateSource() : std::string());
}

std::vector<int64_t> LanguageModel::promptIds(const std::string& prompt, int64_t reserve, bool* truncated,
                                              const ChatTemplate* chat) const {
    const std::string text = (chat ? *chat : chatTemplate()).renderPrompt(prompt);
    std::vector<int64_t> ids = tokenizer().encode(text, false);
    const int64_t limit = m_net->config().maxPositions > 0 ? m_net->config().maxPositions - reserve : 0;
    if (truncated) *truncated = false;
    if (m_net->config().maxPositions > 0 && static_cast<int64_t>(ids.size()) > limit) {
        if (limit < 8)
            throw Error(describe(m_dir.string(), "max_position_embeddings",
                                 "the context (" + std::to_string(m_net->config().maxPositions) +
                                     ") leaves no room for the prompt and " + std::to_string(reserve) + " new tokens"));
        // Keep the head (BOS, template start) and the tail (the assistant header); cut the middle.
        const int64_t head = 4, tail = limit - head;
        std::vector<int64_t> cut(ids.begin(), ids.begin() + head);
        cut.insert(cut.end(), ids.end() - tail, ids.end());
        ids = std::move(cut);
        if (truncated) *truncated = true;
    }
    return ids;
}

std::string LanguageModel::decode(const std::vector<int64_t>& ids) const {
    return tokenizer().decodeForDisplay(ids, true);
}

const std::string& LanguageModel::hash() const {
    if (m_hash.empty()) m_hash = m_dir.empty() ? std::string("random") : cachedModelHash(m_dir);
    return m_hash;
}

} // namespace auditgap::core
