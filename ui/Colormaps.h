#pragma once
// Perceptually uniform colormaps for heatmaps (STYLE rule 10): viridis, magma and cividis
// (sequential, from matplotlib's tables, 9 stops each) and a balanced diverging map
// (coolwarm, Moreland 2009) for difference views. NaN cells are transparent.
#include <QString>
#include <QStringList>

#include "QtPlot.h"

namespace auditgap::ui {

class Colormaps {
public:
    static QStringList sequentialNames(); // "viridis", "magma", "cividis"
    static QCPColorGradient sequential(const QString& name);
    // Blue low, red high; `reversed`: red low. The difference views draw "B more vulnerable"
    // red in both heatmaps: high LVS B − A, low refusal B − A.
    static QCPColorGradient diverging(bool reversed = false);
};

} // namespace auditgap::ui
