#include "Colormaps.h"

#include <algorithm>
#include <vector>

#include <QColor>

namespace auditgap::ui {

namespace {
QCPColorGradient fromStops(const std::vector<const char*>& hex) {
    QCPColorGradient g;
    g.clearColorStops();
    const int n = static_cast<int>(hex.size());
    int i = 0;
    for (const char* h : hex)
        g.setColorStopAt(static_cast<double>(i++) / (n - 1), QColor(QLatin1String(h)));
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    g.setNanHandling(QCPColorGradient::nhTransparent);
    g.setLevelCount(256);
    return g;
}
} // namespace

QStringList Colormaps::sequentialNames() {
    return {QStringLiteral("viridis"), QStringLiteral("magma"), QStringLiteral("cividis")};
}

QCPColorGradient Colormaps::sequential(const QString& name) {
    if (name == QLatin1String("magma"))
        return fromStops({"#000004", "#1c1044", "#4f127b", "#812581", "#b5367a", "#e55064", "#fb8761",
                          "#fec287", "#fcfdbf"});
    if (name == QLatin1String("cividis"))
        return fromStops({"#00224e", "#123570", "#3b496c", "#575d6d", "#707173", "#8a8779", "#a69d75",
                          "#c4b56c", "#fee838"});
    return fromStops({"#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30",
                      "#fde725"});
}

QCPColorGradient Colormaps::diverging(bool reversed) {
    std::vector<const char*> stops{"#3b4cc0", "#6788ee", "#9abbff", "#c9d7f0", "#dddddd",
                                   "#f2cbb7", "#f7a889", "#e26952", "#b40426"};
    if (reversed)
        std::reverse(stops.begin(), stops.end());
    return fromStops(stops);
}

} // namespace auditgap::ui
