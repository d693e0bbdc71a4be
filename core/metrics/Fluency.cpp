#include "metrics/Fluency.h"

#include <algorithm>
#include <cstdint>
#include <cwctype>
#include <map>
#include <vector>

namespace auditgap::core {

namespace {

// UTF-8 to code points (an invalid byte stands for itself).
std::u32string codePoints(const std::string& s) {
    std::u32string out;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        if (n == 1 || i + static_cast<size_t>(n) > s.size()) {
            out.push_back(c);
            ++i;
            continue;
        }
        char32_t cp = c & (0xFF >> (n + 1));
        for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
        out.push_back(cp);
        i += static_cast<size_t>(n);
    }
    return out;
}

bool isSpace(char32_t c) { return c == ' ' || (c >= 9 && c <= 13) || c == 0x1c || c == 0x1d || c == 0x1e || c == 0x1f || c == 0x85 || c == 0xa0 || std::iswspace(static_cast<wint_t>(c)); }
bool isAlpha(char32_t c) { return c < 0x80 ? std::isalpha(static_cast<int>(c)) != 0 : std::iswalpha(static_cast<wint_t>(c)) != 0; }
bool isAlnum(char32_t c) { return c < 0x80 ? std::isalnum(static_cast<int>(c)) != 0 : std::iswalnum(static_cast<wint_t>(c)) != 0; }

} // namespace

bool isFluent(const std::string& text) {
    std::u32string cps = codePoints(text);
    size_t a = 0, b = cps.size();
    while (a < b && isSpace(cps[a])) ++a;
    while (b > a && isSpace(cps[b - 1])) --b;
    cps = cps.substr(a, b - a);
    if (cps.size() < 12 || cps == U"[EMPTY]") return false;
    std::vector<std::u32string> words, low;
    for (size_t i = 0; i < cps.size();) {
        while (i < cps.size() && isSpace(cps[i])) ++i;
        size_t j = i;
        while (j < cps.size() && !isSpace(cps[j])) ++j;
        if (j > i) words.push_back(cps.substr(i, j - i));
        i = j;
    }
    if (words.size() < 4) return false;
    for (auto w : words) {
        for (auto& c : w) c = static_cast<char32_t>(std::towlower(static_cast<wint_t>(c)));
        low.push_back(std::move(w));
    }
    const std::u32string punct = U".,;:!?'\"()-*#/%&$";
    double good = 0.0, alpha = 0.0;
    for (char32_t c : cps) {
        good += (isAlnum(c) || isSpace(c) || punct.find(c) != std::u32string::npos) ? 1.0 : 0.0;
        alpha += isAlpha(c) ? 1.0 : 0.0;
    }
    const double n = static_cast<double>(cps.size()), nw = static_cast<double>(words.size());
    if (good / n < 0.80) return false;
    if (alpha / n < 0.50) return false;
    std::map<std::u32string, int> counts;
    for (const auto& w : low) ++counts[w];
    const double distinct = static_cast<double>(counts.size());
    if (words.size() >= 12) {
        if (distinct / nw < 0.35) return false;
        int top = 0;
        for (const auto& [w, c] : counts) top = std::max(top, c);
        if (top / nw > 0.30) return false;
        std::map<std::vector<std::u32string>, int> grams;
        for (size_t i = 0; i + 2 < low.size(); ++i) ++grams[{low[i], low[i + 1], low[i + 2]}];
        int topGram = 0;
        for (const auto& [g, c] : grams) topGram = std::max(topGram, c);
        if (!grams.empty() && topGram / static_cast<double>(low.size() - 2) > 0.20) return false;
    } else if (distinct / nw < 0.5) {
        return false;
    }
    return true;
}

} // namespace auditgap::core
