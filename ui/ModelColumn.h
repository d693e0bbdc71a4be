#pragma once
// One loaded model's column: its name and clean refusal, the refusal heatmap (rows: clean +
// hook points; cols: prompts) and the LVS heatmap (rows: hook points; cols: the budget grid).
#include <QWidget>

class QLabel;

namespace auditgap::ui {

class HeatmapView;

class ModelColumn : public QWidget {
    Q_OBJECT
public:
    explicit ModelColumn(int slot, QWidget* parent = nullptr);
    int slot() const { return m_slot; }
    HeatmapView* refusalView() const { return m_refusal; }
    HeatmapView* lvsView() const { return m_lvs; }
    void setHeader(const QString& text);

private:
    int m_slot;
    QLabel* m_header = nullptr;
    HeatmapView* m_refusal = nullptr;
    HeatmapView* m_lvs = nullptr;
};

} // namespace auditgap::ui
