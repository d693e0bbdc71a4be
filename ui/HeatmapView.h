#pragma once
// A heatmap with its colorbar (QCustomPlot colour map + colour scale). Row 0 is drawn on top.
// NaN cells are transparent (not computed yet). Repaints are coalesced (rpQueuedReplot).
// Test hook: value(row, col) returns exactly what the map holds, so tests read cells, not
// pixels; framesDrawn() counts finished replots. GUI thread only.
#include <functional>

#include <QWidget>

#include "HeatmapMatrix.h"

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPGraph;
class QCPColorGradient;
class QCPTextElement;

namespace auditgap::ui {

class HeatmapView : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapView(QWidget* parent = nullptr);

    void setMatrix(const HeatmapMatrix& matrix);
    const HeatmapMatrix& matrix() const { return m_matrix; }
    double value(int row, int col) const;
    void setDataRange(double lo, double hi);
    void setGradient(const QCPColorGradient& gradient);
    void setLogScale(bool log);
    void setTitle(const QString& title);
    void setAxisTitles(const QString& x, const QString& y, const QString& colorbar);
    // One marker per row at a (fractional) column position; NaN = no marker on that row.
    void setMarkers(const std::vector<double>& colPositions);
    // Text for the hover tooltip of a cell.
    void setTooltipProvider(std::function<QString(int row, int col)> provider);
    QCustomPlot* plot() const { return m_plot; }
    quint64 framesDrawn() const { return m_frames; }

Q_SIGNALS:
    void cellClicked(int row, int col);
    void frameDrawn();

protected:
    void changeEvent(QEvent* event) override;

private:
    bool cellAt(const QPoint& pos, int* row, int* col) const;
    void updateTicks();

    QCustomPlot* m_plot = nullptr;
    QCPColorMap* m_map = nullptr;
    QCPColorScale* m_scale = nullptr;
    QCPGraph* m_markers = nullptr;
    QCPTextElement* m_title = nullptr;
    HeatmapMatrix m_matrix;
    std::function<QString(int, int)> m_tooltip;
    quint64 m_frames = 0;
};

} // namespace auditgap::ui
