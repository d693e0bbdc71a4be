#pragma once
// Plot look and export shared by every plot of the GUI.
//  - apply(): colours from the widget's QPalette (dark themes work), fonts from the widget.
//  - save(): PNG, PDF or SVG chosen by the file's suffix. SVG goes through QSvgGenerator and
//    QCPPainter (QCustomPlot 2.1 has no saveSvg, DESIGN §5). The file is written to a temporary
//    sibling and renamed into place, so a failed export never leaves a half-written file.
#include <utility>

#include <QString>

class QCustomPlot;
class QCPTextElement;
class QPalette;

namespace auditgap::ui {

class PlotStyle {
public:
    static void apply(QCustomPlot* plot);
    // A bold title row above the plot (in the plot's font); returns its text element.
    static QCPTextElement* addTitle(QCustomPlot* plot);
    // Returns an empty string on success, else the error (names the file).
    static QString save(QCustomPlot* plot, const QString& path, int width = 0, int height = 0);
    static QStringList exportFilters(); // for file dialogs: PNG, PDF, SVG
    // Cell `index` of a colour map's axis whose `size` cell centres span [lower, upper]: the
    // whole cell (QCPColorMap's non-tight drawing), as (first, last) coordinate.
    static std::pair<double, double> colorMapCell(double lower, double upper, int size, int index);
};

} // namespace auditgap::ui
