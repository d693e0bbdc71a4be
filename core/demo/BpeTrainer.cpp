#include "demo/BpeTrainer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "Error.h"

namespace auditgap::core {

namespace {

using json = nlohmann::json;

// GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to U+0100 onwards.
std::array<std::string, 256> byteAlphabet() {
    std::array<std::string, 256> out;
    auto utf8 = [](int cp) {
        std::string s;
        if (cp < 0x80) {
            s.push_back(static_cast<char>(cp));
        } else {
            s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
        return s;
    };
    int next = 256;
    for (int b = 0; b < 256; ++b) {
        const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        out[static_cast<size_t>(b)] = utf8(printable ? b : next++);
    }
    return out;
}

bool isLetter(unsigned char c) { return c < 0x80 && std::isalpha(c) != 0; }
bool isDigit(unsigned char c) { return c < 0x80 && std::isdigit(c) != 0; }
bool isSpace(unsigned char c) { return c < 0x80 && std::isspace(c) != 0; }

} // namespace

std::vector<std::string> gpt2PreTokenize(const std::string& text) {
    std::vector<std::string> out;
    const size_t n = text.size();
    size_t i = 0;
    auto u = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    while (i < n) {
        if (text[i] == '\'') {
            bool matched = false;
            for (const char* c : {"s", "t", "re", "ve", "m", "ll", "d"}) {
                const std::string suf = c;
                if (text.compare(i + 1, suf.size(), suf) == 0) {
                    out.push_back(text.substr(i, suf.size() + 1));
                    i += suf.size() + 1;
                    matched = true;
                    break;
                }
            }
            if (matched) continue;
        }
        size_t j = i;
        const bool lead = text[i] == ' ' && i + 1 < n;
        const size_t k = lead ? i + 1 : i;
        if (isLetter(u(k))) {
            j = k;
            while (j < n && isLetter(u(j))) ++j;
        } else if (isDigit(u(k))) {
            j = k;
            while (j < n && isDigit(u(j))) ++j;
        } else if (!isSpace(u(k))) {
            j = k;
            while (j < n && !isSpace(u(j)) && !isLetter(u(j)) && !isDigit(u(j))) ++j;
        } else {
            // Whitespace: \s+(?!\S) leaves the last space to the next word, else \s+.
            j = i;
            while (j < n && isSpace(u(j))) ++j;
            if (j < n && j - i > 1) --j;
        }
        out.push_back(text.substr(i, j - i));
        i = j;
    }
    return out;
}

json trainByteLevelBpe(const std::vector<std::string>& corpus, const BpeTrainerOptions& o) {
    const int specials = static_cast<int>(o.specialTokens.size());
    if (o.vocabSize < 256 + specials)
        throw Error(describe("", "vocab size", "expected at least 256 + " + std::to_string(specials) + ", got " +
                                                   std::to_string(o.vocabSize)));
    const auto alphabet = byteAlphabet();
    // Word counts, each word a sequence of symbol ids.
    std::map<std::string, int64_t> wordCounts;
    for (const auto& text : corpus)
        for (const auto& w : gpt2PreTokenize(text)) ++wordCounts[w];
    std::vector<std::string> symbols(alphabet.begin(), alphabet.end());
    std::vector<std::vector<int>> words;
    std::vector<int64_t> counts;
    for (const auto& [w, c] : wordCounts) {
        std::vector<int> s;
        for (unsigned char b : w) s.push_back(b);
        words.push_back(std::move(s));
        counts.push_back(c);
    }
    json merges = json::array();
    const int learned = o.vocabSize - 256 - specials;
    for (int m = 0; m < learned; ++m) {
        std::map<std::pair<int, int>, int64_t> pairs;
        for (size_t w = 0; w < words.size(); ++w)
            for (size_t k = 0; k + 1 < words[w].size(); ++k) pairs[{words[w][k], words[w][k + 1]}] += counts[w];
        if (pairs.empty()) break;
        // Most frequent pair; ties by the joined text, then the left symbol's text.
        auto best = pairs.end();
        for (auto it = pairs.begin(); it != pairs.end(); ++it) {
            if (best == pairs.end() || it->second > best->second) {
                best = it;
                continue;
            }
            if (it->second < best->second) continue;
            const auto key = [&](const std::pair<int, int>& p) {
                return std::make_pair(symbols[static_cast<size_t>(p.first)] + symbols[static_cast<size_t>(p.second)],
                                      symbols[static_cast<size_t>(p.first)]);
            };
            if (key(it->first) < key(best->first)) best = it;
        }
        if (best->second < 2) break; // nothing repeats any more
        const auto [a, b] = best->first;
        const int id = static_cast<int>(symbols.size());
        symbols.push_back(symbols[static_cast<size_t>(a)] + symbols[static_cast<size_t>(b)]);
        merges.push_back(symbols[static_cast<size_t>(a)] + " " + symbols[static_cast<size_t>(b)]);
        for (auto& w : words) {
            std::vector<int> merged;
            merged.reserve(w.size());
            for (size_t k = 0; k < w.size(); ++k) {
                if (k + 1 < w.size() && w[k] == a && w[k + 1] == b) {
                    merged.push_back(id);
                    ++k;
                } else {
                    merged.push_back(w[k]);
                }
            }
            w = std::move(merged);
        }
    }

    json vocab = json::object();
    for (size_t i = 0; i < symbols.size(); ++i) vocab[symbols[i]] = static_cast<int64_t>(i);
    json added = json::array();
    std::map<std::string, int64_t> specialIds;
    for (int s = 0; s < specials; ++s) {
        const auto id = static_cast<int64_t>(symbols.size()) + s;
        specialIds[o.specialTokens[static_cast<size_t>(s)]] = id;
        added.push_back({{"id", id}, {"content", o.specialTokens[static_cast<size_t>(s)]}, {"single_word", false},
                         {"lstrip", false}, {"rstrip", false}, {"normalized", false}, {"special", true}});
    }
    json post = nullptr;
    if (!o.pairSeparator.empty()) {
        auto it = specialIds.find(o.pairSeparator);
        if (it == specialIds.end())
            throw Error(describe("", "pair separator", "'" + o.pairSeparator + "' is not one of the special tokens"));
        const json seqA = {{"Sequence", {{"id", "A"}, {"type_id", 0}}}};
        const json seqB = {{"Sequence", {{"id", "B"}, {"type_id", 1}}}};
        const json sep = {{"SpecialToken", {{"id", o.pairSeparator}, {"type_id", 0}}}};
        post = {{"type", "TemplateProcessing"},
                {"single", json::array({seqA})},
                {"pair", json::array({seqA, sep, seqB})},
                {"special_tokens",
                 {{o.pairSeparator, {{"id", o.pairSeparator}, {"ids", {it->second}}, {"tokens", {o.pairSeparator}}}}}}};
    }
    const json byteLevel = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}};
    return {{"version", "1.0"},
            {"truncation", nullptr},
            {"padding", nullptr},
            {"added_tokens", added},
            {"normalizer", nullptr},
            {"pre_tokenizer", byteLevel},
            {"post_processor", post},
            {"decoder", byteLevel},
            {"model",
             {{"type", "BPE"},
              {"dropout", nullptr},
              {"unk_token", nullptr},
              {"continuing_subword_prefix", ""},
              {"end_of_word_suffix", ""},
              {"fuse_unk", false},
              {"byte_fallback", false},
              {"vocab", vocab},
              {"merges", merges}}}};
}

} // namespace auditgap::core
