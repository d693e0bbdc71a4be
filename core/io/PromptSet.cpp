#include "io/PromptSet.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <random>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "Error.h"
#include "io/JsonFile.h"
#include "io/Sha256.h"

namespace auditgap::core {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string at(const std::string& source, int line) {
    return source + ":" + std::to_string(line);
}

// Calls `row(text, line)` for every non-blank line (CR stripped), numbered from 1.
void forEachLine(const std::string& text, const std::function<void(const std::string&, int)>& row) {
    size_t pos = 0;
    int line = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string::npos)
            end = text.size();
        std::string r = text.substr(pos, end - pos);
        pos = end + 1;
        ++line;
        if (!r.empty() && r.back() == '\r')
            r.pop_back();
        if (r.find_first_not_of(" \t") != std::string::npos)
            row(r, line);
    }
}

void parseJsonl(const std::string& text, const std::string& source, const PromptFormat& format, PromptSet& set) {
    const bool promptNamed = format.fields.count("prompt") > 0;
    forEachLine(text, [&](const std::string& row, int line) {
        const nlohmann::json j = parseJsonText(row, at(source, line));
        if (!j.is_object())
            throw Error(describe(at(source, line), "", "expected a JSON object {\"prompt\": ...}"));
        PromptItem item;
        item.line = line;
        auto str = [&](const std::string& k, std::string& out, bool required) {
            auto it = j.find(k);
            if (it == j.end() || it->is_null()) {
                if (required)
                    throw Error(describe(at(source, line), k, "missing"));
                return;
            }
            if (it->is_number_integer() && &out == &item.behaviorId) {
                out = std::to_string(it->get<int64_t>());
                return;
            }
            if (!it->is_string())
                throw Error(describe(at(source, line), k, "expected a string"));
            out = it->get<std::string>();
        };
        auto idList = [&](const char* k, std::vector<int64_t>& out) {
            auto it = j.find(k);
            if (it == j.end())
                return;
            if (!it->is_array() || it->empty())
                throw Error(
                    describe(at(source, line), k, "expected a non-empty array of token ids"));
            for (const auto& v : *it) {
                if (!v.is_number_integer() || v.get<int64_t>() < 0)
                    throw Error(
                        describe(at(source, line), k, "expected non-negative integer token ids"));
                out.push_back(v.get<int64_t>());
            }
        };
        str(format.field("label"), item.label, false);
        str(format.field("category"), item.category, false);
        str(format.field("id"), item.behaviorId, false);
        idList("ids", item.ids);
        idList("target_ids", item.targetIds);
        const std::string promptKey = format.field("prompt");
        if (!item.ids.empty() && !j.contains(promptKey)) {
            for (int64_t id : item.ids)
                item.prompt += (item.prompt.empty() ? "" : " ") + std::to_string(id);
            set.items.push_back(std::move(item));
            return;
        }
        const std::string key = j.contains(promptKey) || promptNamed ? promptKey
                                : j.contains("goal")                 ? std::string("goal")
                                                                     : std::string();
        if (key.empty())
            throw Error(describe(at(source, line), promptKey,
                                 "missing (expected \"" + promptKey + "\", \"goal\" or \"ids\"; "
                                 "--prompt-field prompt=NAME names another field)"));
        str(key, item.prompt, true);
        str(format.field("target"), item.target, false);
        str(format.field("response"), item.response, false);
        if (item.prompt.empty())
            throw Error(describe(at(source, line), key, "empty prompt"));
        set.items.push_back(std::move(item));
    });
}

int countLines(const std::string& text, size_t upTo) {
    return 1 + static_cast<int>(std::count(
                   text.begin(),
                   text.begin() + static_cast<std::ptrdiff_t>(std::min(upTo, text.size())), '\n'));
}

// The columns a CSV format reads, by role; -1 when the file has none.
struct CsvColumns {
    int prompt = -1, target = -1, label = -1, category = -1, id = -1, functional = -1, context = -1;
};

std::string joinHeader(const std::vector<std::string>& header) {
    std::string out;
    for (const auto& h : header)
        out += (out.empty() ? "" : ", ") + h;
    return out;
}

// Which benchmark a CSV header belongs to (auto-detection).
std::string detectCsv(const std::vector<std::string>& header) {
    auto has = [&](const char* name) {
        return std::any_of(header.begin(), header.end(),
                           [&](const std::string& h) { return lower(h) == name; });
    };
    if (has("behavior") && has("behaviorid"))
        return "harmbench";
    if (has("goal") && has("behavior") && has("category"))
        return "jbb";
    if (has("goal") && has("target") && header.size() == 2)
        return "advbench";
    return "csv";
}

CsvColumns mapColumns(const std::vector<std::string>& header, const std::string& kind,
                      const std::string& where) {
    auto find = [&](std::initializer_list<const char*> names) {
        for (const char* n : names)
            for (size_t i = 0; i < header.size(); ++i)
                if (lower(header[i]) == n)
                    return static_cast<int>(i);
        return -1;
    };
    auto require = [&](int col, const char* name) {
        if (col < 0)
            throw Error(describe(where, name,
                                 "missing column for the " + kind + " format (header: " +
                                     joinHeader(header) + ")"));
        return col;
    };
    CsvColumns c;
    if (kind == "harmbench") {
        c.prompt = require(find({"behavior"}), "Behavior");
        c.id = require(find({"behaviorid"}), "BehaviorID");
        c.functional = find({"functionalcategory"});
        c.category = find({"semanticcategory"});
        c.context = find({"contextstring"});
    } else if (kind == "jbb") {
        c.prompt = require(find({"goal"}), "Goal");
        c.id = require(find({"behavior"}), "Behavior");
        c.target = find({"target"});
        c.category = find({"category"});
    } else if (kind == "advbench") {
        c.prompt = require(find({"goal"}), "goal");
        c.target = require(find({"target"}), "target");
    } else {
        c.prompt = find({"prompt", "goal", "behavior"});
        if (c.prompt < 0)
            throw Error(describe(where, "header",
                                 "expected a 'goal' or 'prompt' column (header: " + joinHeader(header) + ")"));
        c.target = find({"target"});
        c.label = find({"label"});
        c.category = find({"category", "semanticcategory"});
        c.id = find({"id", "behaviorid"});
        c.functional = find({"functionalcategory"});
        c.context = find({"contextstring"});
    }
    return c;
}

void parseCsv(const std::string& text, const std::string& source, std::string& kind, PromptSet& set) {
    size_t pos = 0;
    std::vector<std::string> header;
    try {
        header = readCsvRecord(text, pos);
    } catch (const std::runtime_error& e) {
        throw Error(describe(at(source, 1), "", e.what()));
    }
    if (kind == "auto" || kind.empty())
        kind = detectCsv(header);
    const CsvColumns c = mapColumns(header, kind, at(source, 1));
    auto cell = [](const std::vector<std::string>& rec, int col) {
        return col >= 0 ? rec[static_cast<size_t>(col)] : std::string();
    };
    while (pos < text.size()) {
        const int line = countLines(text, pos);
        std::vector<std::string> rec;
        try {
            rec = readCsvRecord(text, pos);
        } catch (const std::runtime_error& e) {
            throw Error(describe(at(source, line), "", e.what()));
        }
        if (rec.size() == 1 && rec[0].empty())
            continue; // blank line
        if (rec.size() != header.size())
            throw Error(describe(at(source, line), "",
                                 "ragged row: expected " + std::to_string(header.size()) +
                                     " fields (" + joinHeader(header) + "), found " +
                                     std::to_string(rec.size())));
        PromptItem item;
        item.line = line;
        item.prompt = cell(rec, c.prompt);
        if (item.prompt.empty())
            throw Error(describe(at(source, line), header[static_cast<size_t>(c.prompt)], "empty prompt"));
        item.target = cell(rec, c.target);
        item.label = cell(rec, c.label);
        item.category = cell(rec, c.category);
        item.behaviorId = cell(rec, c.id);
        item.functionalCategory = cell(rec, c.functional);
        item.context = cell(rec, c.context);
        if (!item.context.empty()) {
            // HarmBench's contextual test cases: the context, a separator, the behavior; the
            // judge still reads the behavior.
            item.behavior = item.prompt;
            item.prompt = item.context + "\n\n---\n\n" + item.behavior;
        }
        set.items.push_back(std::move(item));
    }
}

void parseText(const std::string& text, PromptSet& set) {
    forEachLine(text, [&](const std::string& row, int line) {
        PromptItem item;
        item.prompt = row;
        item.line = line;
        set.items.push_back(std::move(item));
    });
}

} // namespace

std::vector<std::string> readCsvRecord(const std::string& text, size_t& pos) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    while (pos < text.size()) {
        const char c = text[pos++];
        if (quoted) {
            if (c == '"') {
                if (pos < text.size() && text[pos] == '"') {
                    fields.back() += '"';
                    ++pos;
                } else {
                    quoted = false;
                }
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c == '\n') {
            break;
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    if (quoted)
        throw std::runtime_error("unterminated quoted field");
    return fields;
}

const std::vector<std::string>& PromptFormat::kinds() {
    static const std::vector<std::string> k{"auto", "harmbench", "advbench", "jbb", "csv", "jsonl", "text"};
    return k;
}

PromptFormat PromptFormat::parse(const std::string& kind, const std::vector<std::string>& fieldSpecs) {
    PromptFormat f;
    f.kind = lower(kind.empty() ? std::string("auto") : kind);
    if (std::find(kinds().begin(), kinds().end(), f.kind) == kinds().end()) {
        std::string all;
        for (const auto& k : kinds())
            all += (all.empty() ? "" : ", ") + k;
        throw Error(describe("", "prompt-format", "expected one of " + all + ", got '" + kind + "'"));
    }
    static const std::vector<std::string> roles{"prompt", "target", "label", "category", "id", "response"};
    for (const auto& spec : fieldSpecs) {
        const auto eq = spec.find('=');
        const std::string role = lower(spec.substr(0, eq));
        if (eq == std::string::npos || eq + 1 == spec.size() ||
            std::find(roles.begin(), roles.end(), role) == roles.end())
            throw Error(describe("", "prompt-field",
                                 "expected ROLE=FIELD with ROLE one of prompt, target, label, category, id, "
                                 "response, got '" + spec + "'"));
        f.fields[role] = spec.substr(eq + 1);
    }
    return f;
}

std::string PromptFormat::field(const std::string& role) const {
    auto it = fields.find(role);
    return it != fields.end() ? it->second : role;
}

std::string PromptFilter::describe() const {
    std::string out;
    auto list = [&](const char* name, const std::vector<std::string>& v) {
        if (v.empty())
            return;
        out += (out.empty() ? "" : "; ") + std::string(name) + "=";
        for (size_t i = 0; i < v.size(); ++i)
            out += (i ? "," : "") + v[i];
    };
    list("category", categories);
    list("functional", functional);
    if (n > 0)
        out += (out.empty() ? "" : "; ") + std::string("n=") + std::to_string(n) + " seed " + std::to_string(seed);
    return out;
}

PromptSet PromptSet::parse(const std::string& text, const std::string& format, const std::string& source) {
    PromptFormat f;
    f.kind = format;
    return parse(text, f, source);
}

PromptSet PromptSet::parse(const std::string& raw, const PromptFormat& format, const std::string& source) {
    PromptSet set;
    set.source = source;
    set.sha256 = Sha256::ofString(raw);
    // A UTF-8 byte-order mark (spreadsheet exports) is not part of the first field.
    const std::string text = raw.rfind("\xEF\xBB\xBF", 0) == 0 ? raw.substr(3) : raw;
    std::string kind = format.kind;
    if (kind == "jsonl")
        parseJsonl(text, source, format, set);
    else if (kind == "text")
        parseText(text, set);
    else
        parseCsv(text, source, kind, set); // auto reaches here only for .csv files (load)
    set.format = kind;
    if (set.items.empty())
        throw Error(describe(source, "",
                             "no prompts in the file (expected " +
                                 (kind == "jsonl" ? std::string("one JSON object per line")
                                  : kind == "text" ? std::string("one prompt per line")
                                                   : std::string("a header and rows")) +
                                 ")"));
    return set;
}

PromptSet PromptSet::load(const std::filesystem::path& path, const PromptFormat& format) {
    const std::string text = readTextFile(path);
    PromptFormat f = format;
    if (f.kind == "auto" || f.kind.empty()) {
        const std::string ext = lower(path.extension().string());
        f.kind = ext == ".jsonl" || ext == ".json" ? "jsonl" : ext == ".csv" ? "auto" : "text";
    }
    return parse(text, f, path.string());
}

PromptSet PromptSet::filtered(const PromptFilter& filter) const {
    if (filter.empty())
        return *this;
    auto matches = [](const std::vector<std::string>& wanted, const std::string& value) {
        return wanted.empty() || std::any_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
                   return lower(w) == lower(value);
               });
    };
    auto available = [&](std::string PromptItem::*field) {
        std::vector<std::string> seen;
        for (const auto& it : items)
            if (std::find(seen.begin(), seen.end(), it.*field) == seen.end())
                seen.push_back(it.*field);
        std::string out;
        for (const auto& v : seen)
            out += (out.empty() ? "" : ", ") + (v.empty() ? std::string("(none)") : v);
        return out;
    };
    PromptSet out = *this;
    out.items.clear();
    for (const auto& it : items)
        if (matches(filter.categories, it.category) && matches(filter.functional, it.functionalCategory))
            out.items.push_back(it);
    if (out.items.empty())
        throw Error(describe(source, filter.categories.empty() ? "functional" : "category",
                             "no prompt matches " + filter.describe() + " (the file has categories: " +
                                 available(&PromptItem::category) + "; functional categories: " +
                                 available(&PromptItem::functionalCategory) + ")"));
    if (filter.n > 0) {
        if (static_cast<size_t>(filter.n) > out.items.size())
            throw Error(describe(source, "n",
                                 "asked for " + std::to_string(filter.n) + " prompts, but only " +
                                     std::to_string(out.items.size()) + " pass the filters"));
        // Fisher-Yates with the raw 64-bit generator (the same subset on every platform), then
        // the file's order.
        std::vector<size_t> order(out.items.size());
        std::iota(order.begin(), order.end(), 0);
        std::mt19937_64 rng(filter.seed);
        for (size_t i = order.size() - 1; i > 0; --i)
            std::swap(order[i], order[static_cast<size_t>(rng() % (i + 1))]);
        order.resize(static_cast<size_t>(filter.n));
        std::sort(order.begin(), order.end());
        std::vector<PromptItem> picked;
        for (size_t i : order)
            picked.push_back(out.items[i]);
        out.items = std::move(picked);
    }
    out.selection = filter.describe();
    return out;
}

} // namespace auditgap::core
