#pragma once
// A Hugging Face `tokenizer.json` BPE tokenizer (torch-free, no Qt):
//  - byte-level BPE (GPT-2, Llama-3, Qwen2/3): Split/ByteLevel pre-tokenizers evaluated with
//    Oniguruma, the regex engine Hugging Face itself uses (\p{L}, \p{N}, \s+(?!\S));
//  - SentencePiece-style BPE (Llama-2, Mistral, Gemma): byte fallback, Metaspace, Prepend,
//    Replace and NFC normalizers (NFC through ICU).
// Added and special tokens are split out of the raw text first. Encoding is const and
// thread-safe (the word cache has its own lock).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace auditgap::core {

class Tokenizer {
public:
    // `path` is a folder holding tokenizer.json (and optionally tokenizer_config.json) or the
    // tokenizer.json file itself. Throws Error naming the file and field.
    static std::shared_ptr<const Tokenizer> load(const std::filesystem::path& path);
    static std::shared_ptr<const Tokenizer> fromJson(const nlohmann::json& tokenizer,
                                                     const nlohmann::json& config,
                                                     const std::string& source);
    ~Tokenizer();

    // addSpecialTokens applies the post-processor (BOS etc.); added tokens that appear in the
    // text are always recognised, as transformers does by default.
    std::vector<int64_t> encode(std::string_view text, bool addSpecialTokens = false) const;
    // A text pair as transformers' tokenizer(first, second) encodes it: both texts without
    // special tokens, joined by the post-processor's pair template (none for GPT-2: a ++ b).
    std::vector<int64_t> encodePair(std::string_view first, std::string_view second) const;
    std::string decode(const std::vector<int64_t>& ids, bool skipSpecialTokens = false) const;
    // decode() followed by transformers' clean_up_tokenization_spaces when the config asks.
    std::string decodeForDisplay(const std::vector<int64_t>& ids, bool skipSpecialTokens) const;

    std::optional<int64_t> tokenToId(const std::string& token) const;
    std::string idToToken(int64_t id) const; // "" when out of range
    int64_t vocabSize() const;               // highest id + 1
    bool isSpecial(int64_t id) const;

    std::optional<int64_t> bosId() const;
    std::optional<int64_t> eosId() const;
    std::optional<int64_t> padId() const;
    // `chat_template` from tokenizer_config.json ("" when absent).
    const std::string& chatTemplateSource() const;
    // True when decode(encode(t)) == t for every t (no lossy normalizer, no unk).
    bool isLossless() const;

    struct Impl;

private:
    explicit Tokenizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m;
};

} // namespace auditgap::core
