#include "model/TokenizerSteps.h"

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include <nlohmann/json.hpp>
#define ONIG_ESCAPE_UCHAR_COLLISION 1 // ICU also defines UChar
#include <oniguruma.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "Error.h"
#include "io/JsonFile.h"

namespace auditgap::core::tokenizer {

using json = nlohmann::json;

// ---- UTF-8 -------------------------------------------------------------------------------

size_t utf8Len(std::string_view s, size_t i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + n > s.size()) return 1;
    for (size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
    return n;
}

namespace {

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

} // namespace

void replaceAll(std::string& s, const std::string& from, const std::string& to) {
    if (from.empty()) return;
    size_t pos = 0;
    while ((pos = s.find(from, pos)) != std::string::npos) {
        s.replace(pos, from.size(), to);
        pos += to.size();
    }
}

namespace {

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

} // namespace

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

namespace {

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

} // namespace

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

namespace {

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

} // namespace

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

} // namespace auditgap::core::tokenizer
