#pragma once
// The audit-gap plot (the paper's point in one picture): clean behavioural refusal (x) against
// the LVS at a chosen hook point and budget (y), one point per model with CI bars (Wilson on
// refusal, bootstrap on the LVS median).
#include <vector>

#include <QString>
#include <QWidget>

class QCustomPlot;
class QCPTextElement;

namespace auditgap::ui {

struct GapPoint {
    QString name;
    QColor color;
    double refusal = 0, refusalLo = 0, refusalHi = 0;
    double lvs = 0, lvsLo = 0, lvsHi = 0;
};

class AuditGapPlot : public QWidget {
    Q_OBJECT
public:
    explicit AuditGapPlot(QWidget* parent = nullptr);
    void setPoints(const std::vector<GapPoint>& points, const QString& caption, const QString& title = QString());
    QCustomPlot* plot() const { return m_plot; }

protected:
    void changeEvent(QEvent* event) override;

private:
    QCustomPlot* m_plot = nullptr;
    QCPTextElement* m_titleElement = nullptr;
    std::vector<GapPoint> m_points;
    QString m_caption;
    QString m_title;
};

} // namespace auditgap::ui
