#include "io/GenerationsFile.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "Error.h"
#include "io/JsonFile.h"
#include "io/PromptSet.h"
#include "io/Sha256.h"

namespace auditgap::core {

namespace {

bool isInteger(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

class PairIndex {
public:
    explicit PairIndex(std::vector<GenerationsFile::Pair>& pairs) : m_pairs(pairs) {}
    size_t add(const std::string& behavior, const std::string& generation) {
        auto key = std::make_pair(behavior, generation);
        auto it = m_seen.find(key);
        if (it != m_seen.end()) return it->second;
        m_pairs.push_back({behavior, generation});
        return m_seen[key] = m_pairs.size() - 1;
    }

private:
    std::vector<GenerationsFile::Pair>& m_pairs;
    std::map<std::pair<std::string, std::string>, size_t> m_seen;
};

void indexAudit(GenerationsFile& g, const std::string& text) {
    g.audit = AuditResults::fromJson(parseJsonText(text, g.source.string()), g.source.string());
    // Files written before cells recorded their request: the prompt set named in the settings,
    // if it is still the same file.
    std::optional<PromptSet> prompts;
    PairIndex index(g.pairs);
    for (size_t i = 0; i < g.audit->cells.size(); ++i) {
        const AuditCell& c = g.audit->cells[i];
        std::string behavior = c.behavior;
        if (behavior.empty()) {
            if (!prompts) {
                prompts = g.audit->settings.loadPrompts();
                if (prompts->sha256 != g.audit->promptSha256)
                    throw Error(describe(g.source.string(), "cells[" + std::to_string(i) + "].behavior",
                                         "missing, and the prompt set " + g.audit->promptSource +
                                             " changed since the audit (its SHA-256 differs)"));
            }
            if (c.prompt < 0 || static_cast<size_t>(c.prompt) >= prompts->items.size())
                throw Error(describe(g.source.string(), "cells[" + std::to_string(i) + "].prompt",
                                     "index outside the prompt set"));
            behavior = prompts->behaviorOf(static_cast<size_t>(c.prompt));
        }
        g.pairIndex.push_back({index.add(behavior, c.clean), index.add(behavior, c.attacked)});
    }
    g.answerColumns = {"clean", "attacked"};
}

void indexCsv(GenerationsFile& g, const std::string& text, const std::string& behaviorColumn,
              const std::vector<std::string>& answerColumns) {
    g.table = CsvTable::parse(text, g.source.string());
    const CsvTable& t = *g.table;
    auto named = [&](const std::string& name, const char* option) {
        const int c = t.findColumn({name});
        if (c < 0)
            throw Error(describe(g.source.string(), name,
                                 std::string("no such column (") + option + "; header: " + t.headerText() + ")"));
        return static_cast<size_t>(c);
    };
    int bcol = -1;
    if (!behaviorColumn.empty()) {
        bcol = static_cast<int>(named(behaviorColumn, "--behavior-column"));
    } else {
        for (const char* n : {"behavior", "prompt", "goal", "question"}) {
            const int c = t.findColumn({n});
            // An audit CSV's `prompt` is an index, not the request.
            if (c >= 0 && !(t.rows.size() && isInteger(t.rows.front().second[static_cast<size_t>(c)]))) {
                bcol = c;
                break;
            }
        }
    }
    if (bcol < 0)
        throw Error(describe(g.source.string(), "behavior",
                             "missing column: expected the request in a 'behavior' (or prompt, goal, question) "
                             "column (header: " + t.headerText() + "; --behavior-column names another)"));
    std::vector<size_t> acols;
    if (!answerColumns.empty()) {
        for (const auto& a : answerColumns) acols.push_back(named(a, "--answer-column"));
    } else {
        for (const char* n : {"clean", "attacked", "generation", "response", "completion", "clean_gen", "nudged_gen"}) {
            const int c = t.findColumn({n});
            if (c >= 0) acols.push_back(static_cast<size_t>(c));
        }
    }
    if (acols.empty())
        throw Error(describe(g.source.string(), "generation",
                             "missing column: expected the answers in a 'generation' (or response, completion, "
                             "clean, attacked, clean_gen, nudged_gen) column (header: " + t.headerText() +
                                 "; --answer-column names another)"));
    g.behaviorColumn = t.header[static_cast<size_t>(bcol)];
    for (size_t c : acols) g.answerColumns.push_back(t.header[c]);
    PairIndex index(g.pairs);
    for (const auto& [line, rec] : t.rows) {
        std::vector<size_t> ix;
        for (size_t c : acols) ix.push_back(index.add(rec[static_cast<size_t>(bcol)], rec[c]));
        g.pairIndex.push_back(std::move(ix));
    }
}

} // namespace

GenerationsFile GenerationsFile::load(const std::filesystem::path& file, const std::string& behaviorColumn,
                                      const std::vector<std::string>& answerColumns) {
    GenerationsFile g;
    g.source = file;
    const std::string text = readTextFile(file);
    g.sha256 = Sha256::ofString(text);
    const size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first != std::string::npos && text[first] == '{')
        indexAudit(g, text);
    else
        indexCsv(g, text, behaviorColumn, answerColumns);
    return g;
}

std::string GenerationsFile::judgedCsv(const std::vector<JudgedAnswer>& verdicts, const std::string& judge) const {
    if (!table) throw Error(describe(source.string(), "", "not a CSV file"));
    std::vector<std::string> header = table->header;
    header.push_back("judged_by");
    for (const auto& a : answerColumns) {
        header.push_back("judge_" + a);
        header.push_back("judge_" + a + "_score");
    }
    std::string out = csvRecord(header);
    for (size_t r = 0; r < table->rows.size(); ++r) {
        std::vector<std::string> rec = table->rows[r].second;
        rec.push_back(judge);
        for (size_t k = 0; k < answerColumns.size(); ++k) {
            const JudgedAnswer& v = verdicts.at(pairIndex[r][k]);
            rec.push_back(v.harmful ? "1" : "0");
            rec.push_back(csvNumber(v.score));
        }
        out += csvRecord(rec);
    }
    return out;
}

} // namespace auditgap::core
