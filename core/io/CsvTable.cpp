#include "io/CsvTable.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "Error.h"
#include "io/JsonFile.h"
#include "io/PromptSet.h"

namespace auditgap::core {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

} // namespace

CsvTable CsvTable::read(const std::filesystem::path& file) { return parse(readTextFile(file), file.string()); }

CsvTable CsvTable::parse(const std::string& raw, const std::string& source) {
    const size_t start = raw.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
    const std::string& text = raw;
    CsvTable t;
    t.source = source;
    size_t pos = start, line = 1;
    auto next = [&] {
        const size_t from = pos;
        try {
            auto rec = readCsvRecord(text, pos);
            const size_t at = line;
            line += static_cast<size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(from),
                                                   text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
            return std::pair{at, std::move(rec)};
        } catch (const std::runtime_error& e) {
            throw Error(describe(source + ":" + std::to_string(line), "", e.what()));
        }
    };
    if (pos >= text.size()) throw Error(describe(source, "header", "the file is empty (expected a header line)"));
    t.header = next().second;
    while (pos < text.size()) {
        auto [at, rec] = next();
        if (rec.size() == 1 && rec[0].empty()) continue;
        if (rec.size() != t.header.size())
            throw Error(describe(source + ":" + std::to_string(at), "",
                                 "ragged row: expected " + std::to_string(t.header.size()) + " fields (" +
                                     t.headerText() + "), found " + std::to_string(rec.size())));
        t.rows.emplace_back(at, std::move(rec));
    }
    return t;
}

size_t CsvTable::column(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end())
        throw Error(describe(source + ":1", name, "missing column (header: " + headerText() + ")"));
    return static_cast<size_t>(it - header.begin());
}

int CsvTable::findColumn(const std::vector<std::string>& names) const {
    for (const auto& n : names)
        for (size_t i = 0; i < header.size(); ++i)
            if (lower(header[i]) == lower(n)) return static_cast<int>(i);
    return -1;
}

std::string CsvTable::headerText() const {
    std::string out;
    for (const auto& h : header) {
        if (!out.empty()) out += ", ";
        out += h;
    }
    return out;
}

std::string csvNumber(double v) {
    if (!std::isfinite(v)) return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string csvRecord(const std::vector<std::string>& fields) {
    std::string out;
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        out += csvField(fields[i]);
    }
    out += '\n';
    return out;
}

} // namespace auditgap::core
