#pragma once
// Byte-level BPE training (torch-free, deterministic), written as a Hugging Face tokenizer:
// GPT-2's byte-to-unicode alphabet (256 base tokens), GPT-2's pre-tokenization, merges learned
// by pair frequency (ties broken by the pair's text, so the result never depends on hashing),
// and special tokens appended after the learned vocabulary. Tokenizer::load reads the output.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace auditgap::core {

struct BpeTrainerOptions {
    int vocabSize = 1024;                   // including the 256 bytes and the special tokens
    std::vector<std::string> specialTokens; // appended in this order
    std::string pairSeparator;              // a special token joining (prompt, response) pairs; "" = none
};

// `tokenizer.json` of a byte-level BPE trained on `corpus`. Throws Error when the vocabulary is
// smaller than 256 bytes + the special tokens.
nlohmann::json trainByteLevelBpe(const std::vector<std::string>& corpus, const BpeTrainerOptions& options);

// GPT-2's pre-tokenization of ASCII text ('s|'t|'re|'ve|'m|'ll|'d| ?letters| ?digits| ?other|
// spaces), the words BPE merges never cross. Bytes >= 0x80 count as "other".
std::vector<std::string> gpt2PreTokenize(const std::string& text);

} // namespace auditgap::core
