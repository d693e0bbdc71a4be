#pragma once
// CSV tables (torch-free, RFC 4180): one reader and one writer for every CSV the program reads
// or writes (prompt sets, paper results, generations to judge, tidy outputs). Quoted fields may
// hold commas, quotes and line breaks; a UTF-8 byte-order mark is skipped; blank lines are
// skipped; a record of the wrong width is an Error naming the file, the line and the header.
#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace auditgap::core {

struct CsvTable {
    std::string source; // the file (for messages)
    std::vector<std::string> header;
    std::vector<std::pair<size_t, std::vector<std::string>>> rows; // (1-based line, fields)

    static CsvTable read(const std::filesystem::path& file);
    static CsvTable parse(const std::string& text, const std::string& source);
    // The index of a column (exact name), or an Error naming the file and the header.
    size_t column(const std::string& name) const;
    // The index of the first of `names` present (case-insensitive); -1 if none.
    int findColumn(const std::vector<std::string>& names) const;
    std::string headerText() const; // "a, b, c"
};

// A field quoted when it needs to be; a number with 17 significant digits ("nan", "inf").
std::string csvField(const std::string& s);
std::string csvNumber(double v);
// One record: fields joined by commas, each quoted as needed, ending in '\n'.
std::string csvRecord(const std::vector<std::string>& fields);

} // namespace auditgap::core
