#include "model/Tokenizer.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <queue>
#include <unordered_map>

#include <nlohmann/json.hpp>
#define ONIG_ESCAPE_UCHAR_COLLISION 1 // ICU also defines UChar
#include <oniguruma.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "Error.h"
#include "io/JsonFile.h"

namespace auditgap::core {

namespace {

using json = nlohmann::json;

// ---- UTF-8 -------------------------------------------------------------------------------

// Length of the UTF-8 sequence starting at s[i]; 1 for an invalid byte (kept as a "char").
size_t utf8Len(std::string_view s, size_t i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + n > s.size()) return 1;
    for (size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
    return n;
}

std::string encodeUtf8(uint32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

bool isValidUtf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const size_t n = utf8Len(s, i);
        if (n == 1 && c >= 0x80) return false;
        i += n;
    }
    return true;
}

void replaceAll(std::string& s, const std::string& from, const std::string& to) {
    if (from.empty()) return;
    size_t pos = 0;
    while ((pos = s.find(from, pos)) != std::string::npos) {
        s.replace(pos, from.size(), to);
        pos += to.size();
    }
}

// GPT-2's reversible byte <-> printable-unicode table.
struct ByteTable {
    std::string toChar[256];
    std::unordered_map<std::string, unsigned char> toByte;
    ByteTable() {
        std::vector<int> bs;
        for (int b = '!'; b <= '~'; ++b) bs.push_back(b);
        for (int b = 0xA1; b <= 0xAC; ++b) bs.push_back(b);
        for (int b = 0xAE; b <= 0xFF; ++b) bs.push_back(b);
        std::vector<int> cs = bs;
        int n = 0;
        for (int b = 0; b < 256; ++b)
            if (std::find(bs.begin(), bs.end(), b) == bs.end()) {
                bs.push_back(b);
                cs.push_back(256 + n++);
            }
        for (size_t i = 0; i < bs.size(); ++i) {
            toChar[bs[i]] = encodeUtf8(static_cast<uint32_t>(cs[i]));
            toByte[toChar[bs[i]]] = static_cast<unsigned char>(bs[i]);
        }
    }
};
const ByteTable& byteTable() {
    static const ByteTable t;
    return t;
}

// ---- Oniguruma ---------------------------------------------------------------------------

class Regex {
public:
    Regex(const std::string& pattern, const std::string& source) {
        static std::once_flag once;
        std::call_once(once, [] {
            OnigEncoding enc = ONIG_ENCODING_UTF8;
            onig_initialize(&enc, 1);
        });
        OnigErrorInfo info;
        const auto* p = reinterpret_cast<const OnigUChar*>(pattern.data());
        int rc = onig_new(&m_re, p, p + pattern.size(), ONIG_OPTION_NONE, ONIG_ENCODING_UTF8,
                          ONIG_SYNTAX_RUBY, &info);
        if (rc != ONIG_NORMAL) {
            OnigUChar buf[ONIG_MAX_ERROR_MESSAGE_LEN];
            onig_error_code_to_str(buf, rc, &info);
            throw Error(describe(source, "pre_tokenizer.pattern.Regex",
                                 "invalid regular expression: " + std::string(reinterpret_cast<char*>(buf))));
        }
    }
    ~Regex() {
        if (m_re) onig_free(m_re);
    }
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;

    // All non-overlapping matches [begin, end) in `s`.
    std::vector<std::pair<size_t, size_t>> findAll(std::string_view s) const {
        std::vector<std::pair<size_t, size_t>> out;
        OnigRegion* region = onig_region_new();
        const auto* str = reinterpret_cast<const OnigUChar*>(s.data());
        const auto* end = str + s.size();
        size_t pos = 0;
        while (pos <= s.size()) {
            int r = onig_search(m_re, str, end, str + pos, end, region, ONIG_OPTION_NONE);
            if (r < 0) break;
            const size_t b = static_cast<size_t>(region->beg[0]);
            const size_t e = static_cast<size_t>(region->end[0]);
            if (e > b) {
                out.emplace_back(b, e);
                pos = e;
            } else {
                if (b >= s.size()) break;
                pos = b + utf8Len(s, b); // empty match: step one character
            }
        }
        onig_region_free(region, 1);
        return out;
    }

private:
    regex_t* m_re = nullptr;
};

const char* kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

// ---- normalizers -------------------------------------------------------------------------

using Normalizer = std::function<std::string(std::string)>;

std::string icuNormalize(const std::string& s, const std::string& form, const std::string& source) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = nullptr;
    if (form == "NFC") n = icu::Normalizer2::getNFCInstance(status);
    else if (form == "NFD") n = icu::Normalizer2::getNFDInstance(status);
    else if (form == "NFKC") n = icu::Normalizer2::getNFKCInstance(status);
    else n = icu::Normalizer2::getNFKDInstance(status);
    if (U_FAILURE(status)) throw Error(describe(source, "normalizer", "ICU " + form + " is unavailable"));
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
    icu::UnicodeString r = n->normalize(u, status);
    if (U_FAILURE(status)) return s;
    std::string out;
    r.toUTF8String(out);
    return out;
}

std::string patternString(const json& node, const std::string& source, const std::string& field) {
    auto p = node.find("pattern");
    if (p == node.end() || !p->is_object()) throw Error(describe(source, field + ".pattern", "missing"));
    if (p->contains("String")) return (*p)["String"].get<std::string>();
    throw Error(describe(source, field + ".pattern", "only String patterns are supported here"));
}

Normalizer makeNormalizer(const json& n, const std::string& source, bool& lossy) {
    if (n.is_null()) return [](std::string s) { return s; };
    const std::string type = requireString(n, "type", source + " normalizer");
    if (type == "Sequence") {
        std::vector<Normalizer> parts;
        for (const auto& c : n.at("normalizers")) parts.push_back(makeNormalizer(c, source, lossy));
        return [parts](std::string s) {
            for (const auto& p : parts) s = p(std::move(s));
            return s;
        };
    }
    if (type == "NFC" || type == "NFD" || type == "NFKC" || type == "NFKD") {
        lossy = true;
        return [type, source](std::string s) { return icuNormalize(s, type, source); };
    }
    if (type == "Prepend") {
        const std::string prepend = requireString(n, "prepend", source + " normalizer");
        return [prepend](std::string s) { return s.empty() ? s : prepend + s; };
    }
    if (type == "Replace") {
        const std::string from = patternString(n, source, "normalizer");
        const std::string to = requireString(n, "content", source + " normalizer");
        return [from, to](std::string s) {
            replaceAll(s, from, to);
            return s;
        };
    }
    if (type == "Lowercase") {
        lossy = true;
        return [](std::string s) {
            for (char& c : s)
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            return s;
        };
    }
    throw Error(describe(source, "normalizer.type",
                         "unsupported normalizer '" + type +
                             "' (supported: Sequence, NFC, NFD, NFKC, NFKD, Prepend, Replace, Lowercase)"));
}

// ---- pre-tokenizers ----------------------------------------------------------------------

enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

struct Span {
    size_t begin, end;
    bool match;
};

std::vector<std::string> applyBehavior(std::string_view s, std::vector<Span> spans, SplitBehavior b) {
    std::vector<Span> out;
    switch (b) {
    case SplitBehavior::Removed:
        for (const auto& sp : spans)
            if (!sp.match) out.push_back(sp);
        break;
    case SplitBehavior::Isolated: out = spans; break;
    case SplitBehavior::Contiguous:
        for (const auto& sp : spans) {
            if (!out.empty() && out.back().match && sp.match) out.back().end = sp.end;
            else out.push_back(sp);
        }
        break;
    case SplitBehavior::MergedWithPrevious: {
        bool prevMatch = false;
        for (const auto& sp : spans) {
            if (sp.match && !prevMatch && !out.empty()) out.back().end = sp.end;
            else out.push_back(sp);
            prevMatch = sp.match;
        }
        break;
    }
    case SplitBehavior::MergedWithNext: {
        bool prevMatch = false;
        for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
            if (it->match && !prevMatch && !out.empty()) out.back().begin = it->begin;
            else out.push_back(*it);
            prevMatch = it->match;
        }
        std::reverse(out.begin(), out.end());
        break;
    }
    }
    std::vector<std::string> pieces;
    for (const auto& sp : out)
        if (sp.end > sp.begin) pieces.emplace_back(s.substr(sp.begin, sp.end - sp.begin));
    return pieces;
}

std::vector<Span> spansOf(std::string_view s, const std::vector<std::pair<size_t, size_t>>& matches, bool invert) {
    std::vector<Span> spans;
    size_t pos = 0;
    for (const auto& [b, e] : matches) {
        if (b > pos) spans.push_back({pos, b, invert});
        spans.push_back({b, e, !invert});
        pos = e;
    }
    if (pos < s.size()) spans.push_back({pos, s.size(), invert});
    return spans;
}

struct Piece {
    std::string text;
    bool atStart; // begins at offset 0 of the original input
};

using PreTokenizer = std::function<std::vector<Piece>(std::vector<Piece>)>;

std::vector<std::pair<size_t, size_t>> findString(std::string_view s, const std::string& needle) {
    std::vector<std::pair<size_t, size_t>> out;
    if (needle.empty()) return out;
    size_t pos = 0;
    while ((pos = s.find(needle, pos)) != std::string_view::npos) {
        out.emplace_back(pos, pos + needle.size());
        pos += needle.size();
    }
    return out;
}

SplitBehavior parseBehavior(const std::string& b, const std::string& source) {
    if (b == "Removed") return SplitBehavior::Removed;
    if (b == "Isolated") return SplitBehavior::Isolated;
    if (b == "MergedWithPrevious") return SplitBehavior::MergedWithPrevious;
    if (b == "MergedWithNext") return SplitBehavior::MergedWithNext;
    if (b == "Contiguous") return SplitBehavior::Contiguous;
    throw Error(describe(source, "pre_tokenizer.behavior", "unknown split behavior '" + b + "'"));
}

// Splits each piece; the first sub-piece keeps the piece's atStart flag.
PreTokenizer splitter(std::function<std::vector<std::string>(const std::string&)> split) {
    return [split](std::vector<Piece> in) {
        std::vector<Piece> out;
        for (auto& p : in) {
            bool first = p.atStart;
            for (auto& s : split(p.text)) {
                out.push_back({std::move(s), first});
                first = false;
            }
        }
        return out;
    };
}

PreTokenizer makePreTokenizer(const json& n, const std::string& source, bool& byteLevel) {
    if (n.is_null()) return [](std::vector<Piece> p) { return p; };
    const std::string type = requireString(n, "type", source + " pre_tokenizer");
    if (type == "Sequence") {
        std::vector<PreTokenizer> parts;
        for (const auto& c : n.at("pretokenizers")) parts.push_back(makePreTokenizer(c, source, byteLevel));
        return [parts](std::vector<Piece> p) {
            for (const auto& part : parts) p = part(std::move(p));
            return p;
        };
    }
    if (type == "Split") {
        const auto& pat = n.at("pattern");
        const SplitBehavior behavior = parseBehavior(requireString(n, "behavior", source + " pre_tokenizer"), source);
        const bool invert = n.value("invert", false);
        if (pat.contains("Regex")) {
            auto re = std::make_shared<Regex>(pat["Regex"].get<std::string>(), source);
            return splitter([re, behavior, invert](const std::string& s) {
                return applyBehavior(s, spansOf(s, re->findAll(s), invert), behavior);
            });
        }
        const std::string needle = pat.at("String").get<std::string>();
        return splitter([needle, behavior, invert](const std::string& s) {
            return applyBehavior(s, spansOf(s, findString(s, needle), invert), behavior);
        });
    }
    if (type == "ByteLevel") {
        byteLevel = true;
        const bool prefix = n.value("add_prefix_space", false);
        const bool useRegex = n.value("use_regex", true);
        auto re = useRegex ? std::make_shared<Regex>(kGpt2Pattern, source) : nullptr;
        return [prefix, re](std::vector<Piece> in) {
            const auto& table = byteTable();
            std::vector<Piece> out;
            for (auto& p : in) {
                std::string text = p.text;
                if (prefix && (text.empty() || text[0] != ' ')) text = " " + text;
                std::vector<std::string> parts =
                    re ? applyBehavior(text, spansOf(text, re->findAll(text), false), SplitBehavior::Isolated)
                       : std::vector<std::string>{text};
                bool first = p.atStart;
                for (const auto& part : parts) {
                    std::string mapped;
                    for (unsigned char c : part) mapped += table.toChar[c];
                    out.push_back({std::move(mapped), first});
                    first = false;
                }
            }
            return out;
        };
    }
    if (type == "Metaspace") {
        const std::string replacement = n.value("replacement", std::string("\xE2\x96\x81"));
        std::string scheme = n.value("prepend_scheme", std::string());
        if (scheme.empty()) scheme = n.value("add_prefix_space", true) ? "always" : "never";
        const bool split = n.value("split", true);
        return [replacement, scheme, split](std::vector<Piece> in) {
            std::vector<Piece> out;
            for (auto& p : in) {
                std::string text = p.text;
                replaceAll(text, " ", replacement);
                const bool prepend = scheme == "always" || (scheme == "first" && p.atStart);
                if (prepend && text.rfind(replacement, 0) != 0) text = replacement + text;
                if (!split) {
                    out.push_back({text, p.atStart});
                    continue;
                }
                bool first = p.atStart;
                for (auto& s : applyBehavior(text, spansOf(text, findString(text, replacement), false),
                                             SplitBehavior::MergedWithNext)) {
                    out.push_back({std::move(s), first});
                    first = false;
                }
            }
            return out;
        };
    }
    if (type == "Digits") {
        const bool individual = n.value("individual_digits", false);
        auto re = std::make_shared<Regex>(individual ? "\\p{Nd}" : "\\p{Nd}+", source);
        return splitter([re](const std::string& s) {
            return applyBehavior(s, spansOf(s, re->findAll(s), false), SplitBehavior::Isolated);
        });
    }
    if (type == "Whitespace") {
        auto re = std::make_shared<Regex>(R"(\w+|[^\w\s]+)", source);
        return splitter([re](const std::string& s) {
            return applyBehavior(s, spansOf(s, re->findAll(s), false), SplitBehavior::Removed);
        });
    }
    throw Error(describe(source, "pre_tokenizer.type",
                         "unsupported pre-tokenizer '" + type +
                             "' (supported: Sequence, Split, ByteLevel, Metaspace, Digits, Whitespace)"));
}

// ---- decoders ----------------------------------------------------------------------------

using Decoder = std::function<std::vector<std::string>(std::vector<std::string>)>;

bool parseByteToken(const std::string& t, unsigned char& b) {
    if (t.size() != 6 || t.compare(0, 3, "<0x") != 0 || t[5] != '>') return false;
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    const int hi = hex(t[3]), lo = hex(t[4]);
    if (hi < 0 || lo < 0) return false;
    b = static_cast<unsigned char>(hi * 16 + lo);
    return true;
}

std::string lossyUtf8(const std::string& bytes) {
    std::string out;
    for (size_t i = 0; i < bytes.size();) {
        const size_t n = utf8Len(bytes, i);
        if (n == 1 && static_cast<unsigned char>(bytes[i]) >= 0x80) out += "\xEF\xBF\xBD";
        else out.append(bytes, i, n);
        i += n;
    }
    return out;
}

Decoder makeDecoder(const json& n, const std::string& source) {
    if (n.is_null()) return [](std::vector<std::string> t) { return t; };
    const std::string type = requireString(n, "type", source + " decoder");
    if (type == "Sequence") {
        std::vector<Decoder> parts;
        for (const auto& c : n.at("decoders")) parts.push_back(makeDecoder(c, source));
        return [parts](std::vector<std::string> t) {
            for (const auto& p : parts) t = p(std::move(t));
            return t;
        };
    }
    if (type == "ByteLevel") {
        return [](std::vector<std::string> tokens) {
            const auto& table = byteTable();
            std::string bytes;
            for (const auto& t : tokens) {
                std::string part;
                bool ok = true;
                for (size_t i = 0; i < t.size();) {
                    const size_t len = utf8Len(t, i);
                    auto it = table.toByte.find(t.substr(i, len));
                    if (it == table.toByte.end()) {
                        ok = false;
                        break;
                    }
                    part += static_cast<char>(it->second);
                    i += len;
                }
                bytes += ok ? part : t;
            }
            return std::vector<std::string>{lossyUtf8(bytes)};
        };
    }
    if (type == "Replace") {
        const std::string from = patternString(n, source, "decoder");
        const std::string to = requireString(n, "content", source + " decoder");
        return [from, to](std::vector<std::string> tokens) {
            for (auto& t : tokens) replaceAll(t, from, to);
            return tokens;
        };
    }
    if (type == "ByteFallback") {
        return [](std::vector<std::string> tokens) {
            std::vector<std::string> out;
            std::string pending;
            size_t pendingCount = 0;
            auto flush = [&] {
                if (pendingCount == 0) return;
                if (isValidUtf8(pending)) out.push_back(pending);
                else
                    for (size_t i = 0; i < pendingCount; ++i) out.emplace_back("\xEF\xBF\xBD");
                pending.clear();
                pendingCount = 0;
            };
            for (auto& t : tokens) {
                unsigned char b;
                if (parseByteToken(t, b)) {
                    pending += static_cast<char>(b);
                    ++pendingCount;
                } else {
                    flush();
                    out.push_back(std::move(t));
                }
            }
            flush();
            return out;
        };
    }
    if (type == "Fuse") {
        return [](std::vector<std::string> tokens) {
            std::string all;
            for (const auto& t : tokens) all += t;
            return std::vector<std::string>{all};
        };
    }
    if (type == "Strip") {
        const std::string content = requireString(n, "content", source + " decoder");
        const int64_t start = requireInt(n, "start", source + " decoder");
        const int64_t stop = requireInt(n, "stop", source + " decoder");
        return [content, start, stop](std::vector<std::string> tokens) {
            for (auto& t : tokens) {
                for (int64_t i = 0; i < start && t.rfind(content, 0) == 0 && !content.empty(); ++i)
                    t.erase(0, content.size());
                for (int64_t i = 0; i < stop && !content.empty() && t.size() >= content.size() &&
                                    t.compare(t.size() - content.size(), content.size(), content) == 0;
                     ++i)
                    t.erase(t.size() - content.size());
            }
            return tokens;
        };
    }
    if (type == "Metaspace") {
        const std::string replacement = n.value("replacement", std::string("\xE2\x96\x81"));
        std::string scheme = n.value("prepend_scheme", std::string());
        if (scheme.empty()) scheme = n.value("add_prefix_space", true) ? "always" : "never";
        return [replacement, scheme](std::vector<std::string> tokens) {
            for (size_t i = 0; i < tokens.size(); ++i) {
                replaceAll(tokens[i], replacement, " ");
                if (i == 0 && scheme != "never" && !tokens[i].empty() && tokens[i][0] == ' ') tokens[i].erase(0, 1);
            }
            return tokens;
        };
    }
    throw Error(describe(source, "decoder.type",
                         "unsupported decoder '" + type +
                             "' (supported: Sequence, ByteLevel, ByteFallback, Fuse, Strip, Replace, Metaspace)"));
}

std::optional<std::string> tokenContent(const json& config, const std::string& key) {
    auto it = config.find(key);
    if (it == config.end() || it->is_null()) return std::nullopt;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object() && it->contains("content") && (*it)["content"].is_string())
        return (*it)["content"].get<std::string>();
    return std::nullopt;
}

} // namespace

// ---- the tokenizer -------------------------------------------------------------------------

struct Tokenizer::Impl {
    std::string source;
    std::unordered_map<std::string, int64_t> vocab;
    std::vector<std::string> idToToken;
    struct MergeInfo {
        int32_t rank;
        int64_t newId;
    };
    std::unordered_map<uint64_t, MergeInfo> merges;
    std::optional<int64_t> unkId;
    bool fuseUnk = false;
    bool byteFallback = false;
    bool ignoreMerges = false;
    std::string continuingPrefix;
    std::string endOfWordSuffix;
    int64_t byteIds[256];
    bool haveByteIds = false;

    struct Added {
        std::string content;
        int64_t id;
        bool special, lstrip, rstrip;
    };
    std::vector<Added> added;
    std::unordered_map<unsigned char, std::vector<size_t>> addedByFirstByte; // longest first
    std::vector<bool> special;

    Normalizer normalizer;
    PreTokenizer preTokenizer;
    Decoder decoder;
    bool byteLevel = false;
    bool lossy = false;
    std::vector<int64_t> prefixIds, suffixIds; // from the post-processor, single sequence
    // The post-processor's pair template: items are special ids (sequence -1) or sequence A (0)
    // / B (1). Empty: A then B with nothing added (ByteLevel or no post-processor).
    struct PairItem {
        int sequence = -1;
        std::vector<int64_t> ids;
    };
    std::vector<PairItem> pairTemplate;

    std::optional<int64_t> bos, eos, pad;
    std::string chatTemplate;
    bool cleanUpSpaces = false;

    mutable std::mutex cacheMutex;
    mutable std::unordered_map<std::string, std::vector<int64_t>> cache;

    static uint64_t pairKey(int64_t a, int64_t b) {
        return (static_cast<uint64_t>(a) << 32) | static_cast<uint64_t>(b & 0xffffffff);
    }

    // Added tokens first, then the vocabulary.
    std::optional<int64_t> idOf(const std::string& token) const {
        for (const auto& a : added)
            if (a.content == token) return a.id;
        auto it = vocab.find(token);
        if (it == vocab.end()) return std::nullopt;
        return it->second;
    }

    std::vector<int64_t> bpe(const std::string& word) const;
    void encodeSegment(const std::string& text, bool atStart, std::vector<int64_t>& out) const;
};

std::vector<int64_t> Tokenizer::Impl::bpe(const std::string& word) const {
    if (ignoreMerges) {
        auto it = vocab.find(word);
        if (it != vocab.end()) return {it->second};
    }
    {
        std::lock_guard<std::mutex> lock(cacheMutex);
        auto it = cache.find(word);
        if (it != cache.end()) return it->second;
    }
    struct Symbol {
        int64_t id;
        int prev, next;
        bool alive;
    };
    std::vector<Symbol> sym;
    bool lastUnk = false;
    for (size_t i = 0; i < word.size();) {
        const size_t len = utf8Len(word, i);
        std::string ch = word.substr(i, len);
        if (i > 0 && !continuingPrefix.empty()) ch = continuingPrefix + ch;
        if (i + len == word.size() && !endOfWordSuffix.empty()) ch += endOfWordSuffix;
        auto it = vocab.find(ch);
        if (it != vocab.end()) {
            sym.push_back({it->second, 0, 0, true});
            lastUnk = false;
        } else if (byteFallback && haveByteIds) {
            for (size_t k = 0; k < len; ++k)
                sym.push_back({byteIds[static_cast<unsigned char>(word[i + k])], 0, 0, true});
            lastUnk = false;
        } else if (unkId) {
            if (!(fuseUnk && lastUnk)) sym.push_back({*unkId, 0, 0, true});
            lastUnk = true;
        }
        i += len;
    }
    const int n = static_cast<int>(sym.size());
    for (int i = 0; i < n; ++i) {
        sym[i].prev = i - 1;
        sym[i].next = i + 1 < n ? i + 1 : -1;
    }
    struct Cand {
        int32_t rank;
        int pos;
        int64_t left, right;
        bool operator<(const Cand& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
    };
    std::priority_queue<Cand> queue;
    auto consider = [&](int pos) {
        if (pos < 0 || sym[pos].next < 0) return;
        const int nx = sym[pos].next;
        auto it = merges.find(pairKey(sym[pos].id, sym[nx].id));
        if (it != merges.end()) queue.push({it->second.rank, pos, sym[pos].id, sym[nx].id});
    };
    for (int i = 0; i + 1 < n; ++i) consider(i);
    while (!queue.empty()) {
        Cand c = queue.top();
        queue.pop();
        Symbol& a = sym[c.pos];
        if (!a.alive || a.next < 0 || a.id != c.left) continue;
        Symbol& b = sym[a.next];
        if (b.id != c.right) continue;
        a.id = merges.at(pairKey(c.left, c.right)).newId;
        b.alive = false;
        a.next = b.next;
        if (b.next >= 0) sym[b.next].prev = c.pos;
        consider(a.prev);
        consider(c.pos);
    }
    std::vector<int64_t> ids;
    for (int i = n > 0 ? 0 : -1; i >= 0; i = sym[i].next) ids.push_back(sym[i].id);
    {
        std::lock_guard<std::mutex> lock(cacheMutex);
        if (cache.size() > 100000) cache.clear();
        cache.emplace(word, ids);
    }
    return ids;
}

void Tokenizer::Impl::encodeSegment(const std::string& text, bool atStart, std::vector<int64_t>& out) const {
    if (text.empty()) return;
    std::string normalized = normalizer(text);
    if (normalized.empty()) return;
    for (const auto& piece : preTokenizer({{normalized, atStart}})) {
        auto ids = bpe(piece.text);
        out.insert(out.end(), ids.begin(), ids.end());
    }
}

namespace {
// Special tokens, BOS/EOS rules and the chat template from tokenizer_config.json.
void readConfig(Tokenizer::Impl& m, const json& config) {
    auto idOf = [&](const std::optional<std::string>& tok) -> std::optional<int64_t> {
        return tok ? m.idOf(*tok) : std::nullopt;
    };
    m.bos = idOf(tokenContent(config, "bos_token"));
    m.eos = idOf(tokenContent(config, "eos_token"));
    m.pad = idOf(tokenContent(config, "pad_token"));
    // Llama/Gemma tokenizers rebuild their post-processor from add_bos_token / add_eos_token.
    const std::string cls = config.value("tokenizer_class", std::string());
    if ((cls.rfind("Llama", 0) == 0 || cls.rfind("Gemma", 0) == 0 || cls.rfind("CodeLlama", 0) == 0) &&
        (config.contains("add_bos_token") || config.contains("add_eos_token"))) {
        m.prefixIds.clear();
        m.suffixIds.clear();
        if (config.value("add_bos_token", true) && m.bos) m.prefixIds.push_back(*m.bos);
        if (config.value("add_eos_token", false) && m.eos) m.suffixIds.push_back(*m.eos);
        // transformers' update_post_processor: pair = single(A) + single(B).
        m.pairTemplate.clear();
        for (int seq : {0, 1}) {
            m.pairTemplate.push_back({-1, m.prefixIds});
            m.pairTemplate.push_back({seq, {}});
            m.pairTemplate.push_back({-1, m.suffixIds});
        }
    }
    if (auto ct = config.find("chat_template"); ct != config.end()) {
        if (ct->is_string()) {
            m.chatTemplate = ct->get<std::string>();
        } else if (ct->is_array()) {
            for (const auto& e : *ct)
                if (e.is_object() && e.value("name", std::string()) == "default") m.chatTemplate = e.value("template", std::string());
            if (m.chatTemplate.empty() && !ct->empty() && (*ct)[0].is_object())
                m.chatTemplate = (*ct)[0].value("template", std::string());
        }
    }
    m.cleanUpSpaces = config.value("clean_up_tokenization_spaces", false);
}
} // namespace

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : m(std::move(impl)) {}
Tokenizer::~Tokenizer() = default;

std::shared_ptr<const Tokenizer> Tokenizer::load(const std::filesystem::path& path) {
    std::error_code ec;
    std::filesystem::path file = path, dir = path;
    if (std::filesystem::is_directory(path, ec)) file = path / "tokenizer.json";
    else dir = path.parent_path();
    if (!std::filesystem::exists(file, ec))
        throw Error(describe(file.string(), "", "no tokenizer.json here (AuditGap reads Hugging Face tokenizer.json files)"));
    json config = json::object();
    const auto configPath = dir / "tokenizer_config.json";
    if (std::filesystem::exists(configPath, ec)) config = readJsonFile(configPath);
    return fromJson(readJsonFile(file), config, file.string());
}

std::shared_ptr<const Tokenizer> Tokenizer::fromJson(const json& t, const json& config, const std::string& source) {
    auto impl = std::make_unique<Impl>();
    Impl& m = *impl;
    m.source = source;
    try {
        if (!t.is_object()) throw Error(describe(source, "", "tokenizer.json must be a JSON object"));
        const auto& model = t.at("model");
        const std::string type = model.value("type", std::string("BPE"));
        if (type != "BPE")
            throw Error(describe(source, "model.type", "unsupported tokenizer model '" + type + "' (expected BPE)"));
        const auto& vocab = model.at("vocab");
        if (!vocab.is_object()) throw Error(describe(source, "model.vocab", "expected an object of token -> id"));
        int64_t maxId = -1;
        for (auto it = vocab.begin(); it != vocab.end(); ++it) {
            if (!it->is_number_integer() || it->get<int64_t>() < 0)
                throw Error(describe(source, "model.vocab." + it.key(), "expected a non-negative integer id"));
            m.vocab[it.key()] = it->get<int64_t>();
            maxId = std::max(maxId, it->get<int64_t>());
        }
        const auto& addedTokens = t.contains("added_tokens") ? t["added_tokens"] : json::array();
        for (const auto& a : addedTokens) {
            Impl::Added x{requireString(a, "content", source + " added_tokens"),
                          requireInt(a, "id", source + " added_tokens"), a.value("special", false),
                          a.value("lstrip", false), a.value("rstrip", false)};
            if (x.id < 0)
                throw Error(describe(source, "added_tokens." + x.content + ".id", "expected a non-negative integer id"));
            if (x.content.empty()) continue;
            maxId = std::max(maxId, x.id);
            m.added.push_back(x);
        }
        // Ids index a table: they must be about as dense as real vocabularies (a corrupt file
        // with an id of 10^17 must not allocate the table).
        const int64_t entries = static_cast<int64_t>(m.vocab.size() + m.added.size());
        if (maxId >= 4 * entries + 1024)
            throw Error(describe(source, "model.vocab", "token id " + std::to_string(maxId) + " is far beyond the " +
                                                            std::to_string(entries) + " tokens of this tokenizer"));
        m.idToToken.assign(static_cast<size_t>(maxId + 1), std::string());
        m.special.assign(static_cast<size_t>(maxId + 1), false);
        for (const auto& [tok, id] : m.vocab) m.idToToken[static_cast<size_t>(id)] = tok;
        for (size_t i = 0; i < m.added.size(); ++i) {
            const auto& a = m.added[i];
            m.idToToken[static_cast<size_t>(a.id)] = a.content;
            m.special[static_cast<size_t>(a.id)] = a.special;
            m.addedByFirstByte[static_cast<unsigned char>(a.content[0])].push_back(i);
        }
        for (auto& [byte, list] : m.addedByFirstByte)
            std::stable_sort(list.begin(), list.end(), [&](size_t x, size_t y) {
                return m.added[x].content.size() > m.added[y].content.size();
            });

        if (auto p = model.find("continuing_subword_prefix"); p != model.end() && p->is_string())
            m.continuingPrefix = p->get<std::string>();
        if (auto p = model.find("end_of_word_suffix"); p != model.end() && p->is_string())
            m.endOfWordSuffix = p->get<std::string>();
        const auto& merges = model.at("merges");
        if (!merges.is_array()) throw Error(describe(source, "model.merges", "expected an array"));
        int32_t rank = 0;
        for (const auto& mg : merges) {
            std::string a, b;
            if (mg.is_string()) {
                const std::string s = mg.get<std::string>();
                const auto sp = s.find(' ');
                if (sp == std::string::npos)
                    throw Error(describe(source, "model.merges[" + std::to_string(rank) + "]", "expected \"A B\""));
                a = s.substr(0, sp);
                b = s.substr(sp + 1);
            } else if (mg.is_array() && mg.size() == 2 && mg[0].is_string() && mg[1].is_string()) {
                a = mg[0].get<std::string>();
                b = mg[1].get<std::string>();
            } else {
                throw Error(describe(source, "model.merges[" + std::to_string(rank) + "]",
                                     "expected \"A B\" or [\"A\", \"B\"]"));
            }
            auto ia = m.vocab.find(a), ib = m.vocab.find(b);
            std::string joined = a + b;
            if (!m.continuingPrefix.empty() && b.rfind(m.continuingPrefix, 0) == 0)
                joined = a + b.substr(m.continuingPrefix.size());
            auto ij = m.vocab.find(joined);
            if (ia != m.vocab.end() && ib != m.vocab.end() && ij != m.vocab.end())
                m.merges.emplace(Impl::pairKey(ia->second, ib->second), Impl::MergeInfo{rank, ij->second});
            ++rank;
        }
        if (auto u = model.find("unk_token"); u != model.end() && u->is_string()) {
            auto it = m.vocab.find(u->get<std::string>());
            if (it != m.vocab.end()) m.unkId = it->second;
        }
        m.fuseUnk = model.value("fuse_unk", false);
        m.byteFallback = model.contains("byte_fallback") && model["byte_fallback"].is_boolean() &&
                         model["byte_fallback"].get<bool>();
        m.ignoreMerges = model.contains("ignore_merges") && model["ignore_merges"].is_boolean() &&
                         model["ignore_merges"].get<bool>();
        if (m.byteFallback) {
            m.haveByteIds = true;
            char name[8];
            for (int b = 0; b < 256; ++b) {
                std::snprintf(name, sizeof name, "<0x%02X>", b);
                auto it = m.vocab.find(name);
                if (it == m.vocab.end()) {
                    m.haveByteIds = false;
                    break;
                }
                m.byteIds[b] = it->second;
            }
        }
        m.normalizer = makeNormalizer(t.value("normalizer", json()), source, m.lossy);
        m.preTokenizer = makePreTokenizer(t.value("pre_tokenizer", json()), source, m.byteLevel);
        m.decoder = makeDecoder(t.value("decoder", json()), source);
        if (!m.byteLevel && !(m.byteFallback && m.haveByteIds)) m.lossy = true;

        // Post-processor: only the single-sequence template matters here.
        std::function<void(const json&)> post = [&](const json& p) {
            if (p.is_null()) return;
            const std::string ptype = requireString(p, "type", source + " post_processor");
            if (ptype == "Sequence") {
                for (const auto& c : p.at("processors")) post(c);
            } else if (ptype == "TemplateProcessing") {
                for (const auto& item : p.value("pair", json::array())) {
                    if (item.contains("Sequence")) {
                        m.pairTemplate.push_back({item.at("Sequence").at("id").get<std::string>() == "B" ? 1 : 0, {}});
                        continue;
                    }
                    const std::string id = item.at("SpecialToken").at("id").get<std::string>();
                    m.pairTemplate.push_back({-1, p.at("special_tokens").at(id).at("ids").get<std::vector<int64_t>>()});
                }
                bool seenSequence = false;
                for (const auto& item : p.at("single")) {
                    if (item.contains("Sequence")) {
                        seenSequence = true;
                        continue;
                    }
                    const std::string id = item.at("SpecialToken").at("id").get<std::string>();
                    const auto& st = p.at("special_tokens").at(id);
                    for (const auto& v : st.at("ids"))
                        (seenSequence ? m.suffixIds : m.prefixIds).push_back(v.get<int64_t>());
                }
            } else if (ptype == "BertProcessing" || ptype == "RobertaProcessing") {
                const int64_t cls = p.at("cls").at(1).get<int64_t>(), sep = p.at("sep").at(1).get<int64_t>();
                m.prefixIds.push_back(cls);
                m.suffixIds.push_back(sep);
                const bool roberta = ptype == "RobertaProcessing";
                m.pairTemplate = {{-1, {cls}}, {0, {}}, {-1, roberta ? std::vector<int64_t>{sep, sep} : std::vector<int64_t>{sep}},
                                  {1, {}}, {-1, {sep}}};
            } else if (ptype != "ByteLevel") {
                throw Error(describe(source, "post_processor.type", "unsupported post-processor '" + ptype + "'"));
            }
        };
        post(t.value("post_processor", json()));
        readConfig(m, config);
    } catch (const json::exception& e) {
        throw Error(describe(source, "", std::string("malformed tokenizer.json or tokenizer_config.json: ") + e.what()));
    }
    return std::shared_ptr<const Tokenizer>(new Tokenizer(std::move(impl)));
}


std::vector<int64_t> Tokenizer::encode(std::string_view text, bool addSpecialTokens) const {
    std::vector<int64_t> out;
    if (addSpecialTokens) out = m->prefixIds;
    // Split the raw text on added tokens (longest match at each position).
    std::string segment;
    bool segmentAtStart = true;
    size_t i = 0;
    auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (i < text.size()) {
        const Impl::Added* hit = nullptr;
        auto it = m->addedByFirstByte.find(static_cast<unsigned char>(text[i]));
        if (it != m->addedByFirstByte.end())
            for (size_t idx : it->second) {
                const auto& a = m->added[idx];
                if (text.compare(i, a.content.size(), a.content) == 0) {
                    hit = &a;
                    break;
                }
            }
        if (!hit) {
            segment += text[i++];
            continue;
        }
        if (hit->lstrip)
            while (!segment.empty() && isSpace(segment.back())) segment.pop_back();
        m->encodeSegment(segment, segmentAtStart, out);
        segment.clear();
        segmentAtStart = false;
        out.push_back(hit->id);
        i += hit->content.size();
        if (hit->rstrip)
            while (i < text.size() && isSpace(text[i])) ++i;
    }
    m->encodeSegment(segment, segmentAtStart, out);
    if (addSpecialTokens) out.insert(out.end(), m->suffixIds.begin(), m->suffixIds.end());
    return out;
}

std::vector<int64_t> Tokenizer::encodePair(std::string_view first, std::string_view second) const {
    const std::vector<int64_t> a = encode(first, false), b = encode(second, false);
    if (m->pairTemplate.empty()) {
        std::vector<int64_t> out = a;
        out.insert(out.end(), b.begin(), b.end());
        return out;
    }
    std::vector<int64_t> out;
    for (const auto& item : m->pairTemplate) {
        const auto& part = item.sequence < 0 ? item.ids : item.sequence == 0 ? a : b;
        out.insert(out.end(), part.begin(), part.end());
    }
    return out;
}

std::string Tokenizer::decode(const std::vector<int64_t>& ids, bool skipSpecialTokens) const {
    std::vector<std::string> tokens;
    for (int64_t id : ids) {
        if (id < 0 || id >= static_cast<int64_t>(m->idToToken.size())) continue;
        if (skipSpecialTokens && m->special[static_cast<size_t>(id)]) continue;
        tokens.push_back(m->idToToken[static_cast<size_t>(id)]);
    }
    std::string out;
    for (const auto& s : m->decoder(std::move(tokens))) out += s;
    return out;
}

std::string Tokenizer::decodeForDisplay(const std::vector<int64_t>& ids, bool skipSpecialTokens) const {
    std::string s = decode(ids, skipSpecialTokens);
    if (!m->cleanUpSpaces) return s;
    for (const char* pair : {" .", " ?", " !", " ,", " n't", " 'm", " 's", " 've", " 're"})
        replaceAll(s, pair, std::string(pair + 1));
    replaceAll(s, " ' ", "'");
    return s;
}

std::optional<int64_t> Tokenizer::tokenToId(const std::string& token) const { return m->idOf(token); }

std::string Tokenizer::idToToken(int64_t id) const {
    if (id < 0 || id >= static_cast<int64_t>(m->idToToken.size())) return {};
    return m->idToToken[static_cast<size_t>(id)];
}

int64_t Tokenizer::vocabSize() const { return static_cast<int64_t>(m->idToToken.size()); }
bool Tokenizer::isSpecial(int64_t id) const {
    return id >= 0 && id < vocabSize() && m->special[static_cast<size_t>(id)];
}
std::optional<int64_t> Tokenizer::bosId() const { return m->bos; }
std::optional<int64_t> Tokenizer::eosId() const { return m->eos; }
std::optional<int64_t> Tokenizer::padId() const { return m->pad; }
const std::string& Tokenizer::chatTemplateSource() const { return m->chatTemplate; }
bool Tokenizer::isLossless() const { return !m->lossy; }

} // namespace auditgap::core
