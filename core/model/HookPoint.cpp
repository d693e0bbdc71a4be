#include "model/HookPoint.h"

#include <algorithm>
#include <cmath>

#include "Error.h"

namespace auditgap::core {

namespace {

// A non-negative decimal integer, the whole text; -1 otherwise.
long blockIndexOf(const std::string& text) {
    if (text.empty() || text.size() > 9 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return -1;
    return std::stol(text);
}

} // namespace

HookPoint HookPoint::block(int index) {
    if (index < 0) throw Error(describe("", "layer", "a block index is >= 0, got " + std::to_string(index)));
    return HookPoint(index);
}

HookPoint HookPoint::fromCode(int code) {
    if (code < kHookEmbedTokens) throw Error(describe("", "layer", "no hook point has code " + std::to_string(code)));
    return HookPoint(code);
}

namespace {

Error outOfRange(const std::string& text, int64_t numLayers) {
    return Error(describe("", "layer", "expected 'embedding' or a block index 0.." + std::to_string(numLayers - 1) +
                                           ", got '" + text + "'"));
}

} // namespace

HookPoint HookPoint::parse(const std::string& text, int64_t numLayers) {
    if (text == "embedding") return embedding();
    if (text == "embedding_scaled") return embeddingScaled();
    const long v = blockIndexOf(text);
    if (v < 0 || v >= numLayers) throw outOfRange(text, numLayers);
    return HookPoint(static_cast<int>(v));
}

void HookPoint::requireIn(int64_t numLayers) const {
    if (m_code >= numLayers) throw outOfRange(name(), numLayers);
}

HookPoint HookPoint::parse(const std::string& text) {
    if (text == "embedding") return embedding();
    if (text == "embedding_scaled") return embeddingScaled();
    const long v = blockIndexOf(text);
    if (v < 0) throw Error(describe("", "layer", "expected 'embedding', 'embedding_scaled' or a block index, got '" + text + "'"));
    return HookPoint(static_cast<int>(v));
}

std::vector<HookPoint> HookPoint::resolve(const std::string& spec, int64_t numLayers) {
    std::vector<HookPoint> out;
    auto add = [&](HookPoint h) {
        if (std::find(out.begin(), out.end(), h) == out.end()) out.push_back(h);
    };
    const int n = static_cast<int>(numLayers);
    if (spec == "all") {
        add(embedding());
        for (int l = 0; l < n; ++l) add(HookPoint(l));
    } else if (spec.rfind("stride:", 0) == 0) {
        const long k = blockIndexOf(spec.substr(7));
        if (k < 1) throw Error(describe("", "layers", "stride:k needs k >= 1, got '" + spec + "'"));
        // The paper's parse_layers: range(0, N, k) plus the nudge layer round(0.5 N) (Python's
        // round: half to even), ascending, after the embedding.
        std::vector<int> blocks;
        for (long l = 0; l < n; l += k) blocks.push_back(static_cast<int>(l));
        if (n > 0) blocks.push_back(static_cast<int>(std::nearbyint(0.5 * static_cast<double>(n))));
        std::sort(blocks.begin(), blocks.end());
        add(embedding());
        for (int l : blocks)
            if (l < n) add(HookPoint(l));
    } else if (spec == "mid") {
        const auto lo = static_cast<int>(std::lround(0.4 * static_cast<double>(n)));
        const auto hi = static_cast<int>(std::lround(0.6 * static_cast<double>(n)));
        for (int l = lo; l <= std::min(hi, n - 1); ++l) add(HookPoint(l));
    } else {
        size_t pos = 0;
        while (pos <= spec.size()) {
            size_t comma = spec.find(',', pos);
            if (comma == std::string::npos) comma = spec.size();
            const std::string part = spec.substr(pos, comma - pos);
            if (!part.empty()) add(parse(part, numLayers));
            pos = comma + 1;
        }
    }
    if (out.empty()) throw Error(describe("", "layers", "no layers selected by '" + spec + "'"));
    return out;
}

std::string HookPoint::name() const {
    if (m_code == kHookEmbedTokens) return "embedding";
    if (m_code == kHookEmbedding) return "embedding_scaled";
    return std::to_string(m_code);
}

std::string HookPoint::label() const {
    if (m_code == kHookEmbedTokens) return "emb";
    if (m_code == kHookEmbedding) return "emb·s";
    return std::to_string(m_code);
}

} // namespace auditgap::core
