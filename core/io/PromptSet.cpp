#include "io/PromptSet.h"

#include <algorithm>
#include <functional>
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

void parseJsonl(const std::string& text, const std::string& source, PromptSet& set) {
    forEachLine(text, [&](const std::string& row, int line) {
        const nlohmann::json j = parseJsonText(row, at(source, line));
        if (!j.is_object())
            throw Error(describe(at(source, line), "", "expected a JSON object {\"prompt\": ...}"));
        PromptItem item;
        item.line = line;
        auto str = [&](const char* k, std::string& out, bool required) {
            auto it = j.find(k);
            if (it == j.end() || it->is_null()) {
                if (required)
                    throw Error(describe(at(source, line), k, "missing"));
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
        idList("ids", item.ids);
        idList("target_ids", item.targetIds);
        if (!item.ids.empty() && !j.contains("prompt")) {
            for (int64_t id : item.ids)
                item.prompt += (item.prompt.empty() ? "" : " ") + std::to_string(id);
            str("label", item.label, false);
            str("category", item.category, false);
            set.items.push_back(std::move(item));
            return;
        }
        const char* key = j.contains("prompt") ? "prompt" : j.contains("goal") ? "goal" : nullptr;
        if (!key)
            throw Error(describe(at(source, line), "prompt",
                                 "missing (expected \"prompt\", \"goal\" or \"ids\")"));
        str(key, item.prompt, true);
        str("label", item.label, false);
        str("category", item.category, false);
        str("target", item.target, false);
        str("response", item.response, false);
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

void parseCsv(const std::string& text, const std::string& source, PromptSet& set) {
    size_t pos = 0;
    std::vector<std::string> header;
    try {
        header = readCsvRecord(text, pos);
    } catch (const std::runtime_error& e) {
        throw Error(describe(at(source, 1), "", e.what()));
    }
    int col = -1, target = -1, label = -1, category = -1;
    for (size_t i = 0; i < header.size(); ++i) {
        const std::string h = lower(header[i]);
        if ((h == "goal" || h == "prompt" || h == "behavior") && col < 0)
            col = static_cast<int>(i);
        if (h == "target")
            target = static_cast<int>(i);
        if (h == "label")
            label = static_cast<int>(i);
        if (h == "category" || h == "semanticcategory")
            category = static_cast<int>(i);
    }
    if (col < 0)
        throw Error(describe(at(source, 1), "header", "expected a 'goal' or 'prompt' column"));
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
                                 "expected " + std::to_string(header.size()) + " fields, found " +
                                     std::to_string(rec.size())));
        PromptItem item;
        item.line = line;
        item.prompt = rec[static_cast<size_t>(col)];
        if (item.prompt.empty())
            throw Error(
                describe(at(source, line), header[static_cast<size_t>(col)], "empty prompt"));
        if (target >= 0)
            item.target = rec[static_cast<size_t>(target)];
        if (label >= 0)
            item.label = rec[static_cast<size_t>(label)];
        if (category >= 0)
            item.category = rec[static_cast<size_t>(category)];
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

PromptSet PromptSet::parse(const std::string& text, const std::string& format,
                           const std::string& source) {
    PromptSet set;
    set.source = source;
    set.sha256 = Sha256::ofString(text);
    if (format == "jsonl")
        parseJsonl(text, source, set);
    else if (format == "csv")
        parseCsv(text, source, set);
    else
        parseText(text, set);
    if (set.items.empty())
        throw Error(describe(source, "",
                             "no prompts in the file (expected " +
                                 (format == "jsonl" ? std::string("one JSON object per line")
                                  : format == "csv" ? std::string("a header and rows")
                                                    : std::string("one prompt per line")) +
                                 ")"));
    return set;
}

PromptSet PromptSet::load(const std::filesystem::path& path) {
    const std::string text = readTextFile(path);
    const std::string ext = lower(path.extension().string());
    const std::string format = ext == ".jsonl" || ext == ".json" ? "jsonl"
                               : ext == ".csv"                   ? "csv"
                                                                 : "text";
    return parse(text, format, path.string());
}

} // namespace auditgap::core
