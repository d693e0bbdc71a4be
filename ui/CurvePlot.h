#pragma once
// Lines per model with optional confidence bands: the LVS layer profile (x = hook point) and
// the harmful fine-tuning curves (x = step). Colours from the model slots, axes from QPalette.
#include <vector>

#include <QColor>
#include <QString>
#include <QStringList>
#include <QWidget>

class QCustomPlot;
class QCPTextElement;

namespace auditgap::ui {

struct CurveSeries {
    QString name;
    QColor color;
    std::vector<double> x, y;
    std::vector<double> lo, hi; // empty = no band
};

class CurvePlot : public QWidget {
    Q_OBJECT
public:
    explicit CurvePlot(QWidget* parent = nullptr);
    void setLabels(const QString& title, const QString& x, const QString& y);
    // Tick labels for integer x positions (e.g. "emb", "0", "1", ...); empty = numeric axis.
    void setXTickLabels(const QStringList& labels);
    void setSeries(const std::vector<CurveSeries>& series, double yMin = 0.0, double yMax = -1.0);
    QCustomPlot* plot() const { return m_plot; }
    const std::vector<CurveSeries>& series() const { return m_series; }

protected:
    void changeEvent(QEvent* event) override;

private:
    QCustomPlot* m_plot = nullptr;
    QCPTextElement* m_titleElement = nullptr;
    std::vector<CurveSeries> m_series;
    double m_yMin = 0.0, m_yMax = -1.0;
};

} // namespace auditgap::ui
