#pragma once
// One heatmap's numbers: rows x cols, row-major, NaN = not computed yet. A plain immutable value
// once built; what the views draw and what the tests read.
#include <cmath>
#include <vector>

#include <QStringList>

namespace auditgap::ui {

struct HeatmapMatrix {
    int rows = 0;
    int cols = 0;
    std::vector<double> values; // [rows * cols]
    QStringList rowLabels;      // [rows]
    QStringList colLabels;      // [cols]

    HeatmapMatrix() = default;
    HeatmapMatrix(int r, int c) : rows(r), cols(c), values(static_cast<size_t>(r * c), std::nan("")) {}
    double at(int r, int c) const { return values[static_cast<size_t>(r * cols + c)]; }
    double& at(int r, int c) { return values[static_cast<size_t>(r * cols + c)]; }
    // b - a cell by cell (same shape; NaN where either is NaN). Labels from b.
    static HeatmapMatrix difference(const HeatmapMatrix& b, const HeatmapMatrix& a);
};

} // namespace auditgap::ui
