#include "model/Tokenizer.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <mutex>
#include <queue>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "Error.h"
#include "io/JsonFile.h"
#include "model/TokenizerSteps.h"

namespace auditgap::core {

using json = nlohmann::json;
using tokenizer::Decoder;
using tokenizer::makeDecoder;
using tokenizer::makeNormalizer;
using tokenizer::makePreTokenizer;
using tokenizer::Normalizer;
using tokenizer::Piece;
using tokenizer::PreTokenizer;
using tokenizer::replaceAll;
using tokenizer::tokenContent;
using tokenizer::utf8Len;

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
