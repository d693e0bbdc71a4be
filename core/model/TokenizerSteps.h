#pragma once
// The steps of a Hugging Face tokenizer pipeline, built from the nodes of `tokenizer.json`:
// normalizer, pre-tokenizer and decoder (the BPE model itself lives in Tokenizer.cpp).
// Each maker throws Error naming `source` and the field when a node is malformed or of an
// unsupported type. Torch-free, no Qt.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace auditgap::core::tokenizer {

// A piece of the input after pre-tokenization.
struct Piece {
    std::string text;
    bool atStart; // begins at offset 0 of the original input
};

using Normalizer = std::function<std::string(std::string)>;
using PreTokenizer = std::function<std::vector<Piece>(std::vector<Piece>)>;
using Decoder = std::function<std::vector<std::string>(std::vector<std::string>)>;

// `lossy` is set when the normalizer cannot be undone (NFKC, Lowercase, ...).
Normalizer makeNormalizer(const nlohmann::json& node, const std::string& source, bool& lossy);
// `byteLevel` is set when a ByteLevel step maps bytes to GPT-2's printable characters.
PreTokenizer makePreTokenizer(const nlohmann::json& node, const std::string& source, bool& byteLevel);
Decoder makeDecoder(const nlohmann::json& node, const std::string& source);

// Length of the UTF-8 sequence starting at s[i]; 1 for an invalid byte (kept as a "char").
size_t utf8Len(std::string_view s, size_t i);
void replaceAll(std::string& s, const std::string& from, const std::string& to);
// A special token's text in tokenizer_config.json: a plain string or {"content": ...}.
std::optional<std::string> tokenContent(const nlohmann::json& config, const std::string& key);

} // namespace auditgap::core::tokenizer
