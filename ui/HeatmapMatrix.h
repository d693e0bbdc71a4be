#pragma once
// One heatmap's numbers: rows x cols, row-major, NaN = not computed yet. A plain immutable value
// once built; what the views draw and what the tests read. `estimated` marks cells that hold a
// live estimate (instant or one-step tier) rather than an exact result; `bands` group columns
// under a header (the harmful and the benign prompts).
#include <cmath>
#include <vector>

#include <QString>
#include <QStringList>

namespace auditgap::ui {

struct HeatmapMatrix {
    int rows = 0;
    int cols = 0;
    std::vector<double> values; // [rows * cols]
    QStringList rowLabels;      // [rows]
    QStringList colLabels;      // [cols]
    std::vector<char> estimated; // [rows * cols], 1 = estimate; empty = every value is exact
    struct Band {
        QString label;
        int first = 0; // first and last column, inclusive
        int last = 0;
        bool operator==(const Band&) const = default;
    };
    std::vector<Band> bands; // contiguous column groups, left to right; empty = none

    HeatmapMatrix() = default;
    HeatmapMatrix(int r, int c) : rows(r), cols(c), values(static_cast<size_t>(r * c), std::nan("")) {}
    double at(int r, int c) const { return values[static_cast<size_t>(r * cols + c)]; }
    double& at(int r, int c) { return values[static_cast<size_t>(r * cols + c)]; }
    bool isEstimate(int r, int c) const {
        return !estimated.empty() && estimated[static_cast<size_t>(r * cols + c)] != 0;
    }
    void markEstimate(int r, int c) {
        if (estimated.empty())
            estimated.assign(values.size(), 0);
        estimated[static_cast<size_t>(r * cols + c)] = 1;
    }
    // b - a cell by cell (same shape; NaN where either is NaN). Labels and bands from b; a
    // difference is an estimate where either side is.
    static HeatmapMatrix difference(const HeatmapMatrix& b, const HeatmapMatrix& a);
};

} // namespace auditgap::ui
