#pragma once
// A heatmap with its colorbar (QCustomPlot colour map + colour scale). Row 0 is drawn on top.
// Every cell has the same size (the edge rows and columns too). A NaN cell (not computed yet)
// is not drawn: the hatched background shows through. Estimated cells carry a small ring;
// exact results carry none. Column bands (harmful | benign) get a divider and a header band
// above the first row. Row and column labels are strided so they never overlap. Repaints are
// coalesced (rpQueuedReplot). Test hooks: value(row, col) returns exactly what the map holds,
// so tests read cells, not pixels; estimateMarks(), dividers(), bandTitles() and cellRect()
// read what is drawn; framesDrawn() counts finished replots. With column zoom on, the wheel
// zooms and a drag pans the columns (a heatmap of hundreds of prompts), a double click shows them
// all again; the range is kept while the columns stay the same. GUI thread only.
#include <functional>
#include <utility>
#include <vector>

#include <QWidget>

#include "HeatmapMatrix.h"

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPGraph;
class QCPColorGradient;
class QCPTextElement;
class QCPAbstractItem;

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
    int estimateMarks() const;             // rings drawn on estimated cells
    std::vector<double> dividers() const;  // x of each band divider, in column coordinates
    QStringList bandTitles() const;        // the header band's texts, left to right
    QRectF cellRect(int row, int col) const; // the cell's drawn extent, in pixels
    QColor colorOf(double value) const;      // the colour a value gets (gradient and range)
    quint64 framesDrawn() const { return m_frames; }
    void setColumnZoom(bool on);
    // The columns whose centre is in view, first and last (inclusive); all when not zoomed.
    std::pair<int, int> columnsInView() const;
    void setColumnsInView(int first, int last); // clamped to the matrix

Q_SIGNALS:
    void cellClicked(int row, int col);
    void frameDrawn();
    void columnsInViewChanged(int first, int last);

protected:
    void changeEvent(QEvent* event) override;

private:
    bool cellAt(const QPoint& pos, int* row, int* col) const;
    void updateTicks();
    void updateColumnTicks();
    void onColumnRange();
    void updateBands();
    void updateEstimateMarks();

    QCustomPlot* m_plot = nullptr;
    QCPColorMap* m_map = nullptr;
    QCPColorScale* m_scale = nullptr;
    QCPGraph* m_markers = nullptr;
    QCPGraph* m_estimates = nullptr;
    std::vector<QCPAbstractItem*> m_bandItems;
    QCPTextElement* m_title = nullptr;
    HeatmapMatrix m_matrix;
    std::function<QString(int, int)> m_tooltip;
    quint64 m_frames = 0;
    std::pair<int, int> m_inView{0, -1};
    bool m_clamping = false;
    int m_columns = -1; // the matrix's column count the x range was set for
};

} // namespace auditgap::ui
