#pragma once
// A hook point: where an intervention acts and where an activation is read (DESIGN §1.1).
//  - embedding: the raw token embedding, before Gemma's x sqrt(H) scaling. This is what a
//    transformers forward hook on `embed_tokens` sees and what the paper's "embedding" means.
//  - embedding_scaled: the embedding output after any scaling (hidden_states[0]).
//  - block l (l >= 0): the output of decoder block l, the residual stream entering block l+1.
// The one place that turns hook points into text and back: CLI flags, CSV and JSON columns,
// sessions and on-screen labels all go through parse()/name()/label(). Torch- and Qt-free,
// an immutable value; any thread.
#include <compare>
#include <cstdint>
#include <string>
#include <vector>

namespace auditgap::core {

// The runtime's codes for the two embedding hook points (Transformer, Intervention); a block is
// its index.
constexpr int kHookEmbedTokens = -2;
constexpr int kHookEmbedding = -1;

class HookPoint {
public:
    HookPoint() = default; // the embedding
    static HookPoint embedding() { return HookPoint(kHookEmbedTokens); }
    static HookPoint embeddingScaled() { return HookPoint(kHookEmbedding); }
    static HookPoint block(int index);
    // From the runtime's code (kHookEmbedTokens, kHookEmbedding or a block index).
    static HookPoint fromCode(int code);

    // "embedding", "embedding_scaled" or a block index 0..numLayers-1; throws Error naming the
    // field "layer" and the valid range.
    static HookPoint parse(const std::string& text, int64_t numLayers);
    // The same without a model at hand (reading a results file): any block index >= 0.
    static HookPoint parse(const std::string& text);
    // A layer spec: "all" (embedding + every block), "stride:k" (embedding + blocks 0, k, 2k,
    // ... and the nudge layer round(0.5 N), as the paper's parse_layers), "mid" (blocks round(0.4N)..round(0.6N)) or a comma list
    // ("embedding,3,5"). In the given order, without repeats; throws Error for a block out of
    // range or a spec that selects nothing.
    static std::vector<HookPoint> resolve(const std::string& spec, int64_t numLayers);

    // Position on the workbench's hook axis: 0 = embedding, 1 + l = block l (embedding_scaled
    // is not on it: -1).
    static HookPoint fromOrdinal(int ordinal) { return ordinal == 0 ? embedding() : block(ordinal - 1); }
    int ordinal() const { return m_code == kHookEmbedTokens ? 0 : m_code == kHookEmbedding ? -1 : m_code + 1; }

    // Throws the same Error as parse() when this is a block >= numLayers.
    void requireIn(int64_t numLayers) const;

    int code() const { return m_code; }
    bool isBlock() const { return m_code >= 0; }
    std::string name() const;  // what files and flags hold: "embedding", "embedding_scaled", "4"
    std::string label() const; // short on-screen label: "emb", "emb·s", "4"

    auto operator<=>(const HookPoint&) const = default; // embedding < embedding_scaled < blocks

private:
    explicit HookPoint(int code) : m_code(code) {}
    int m_code = kHookEmbedTokens;
};

} // namespace auditgap::core
