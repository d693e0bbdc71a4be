#pragma once
// A vertical slider over the relative budget p on a log scale, with a 0 ("off") position at the
// bottom and tick marks at the paper's budgets (5e-4, 1e-3, 5e-3). GUI thread only.
#include <QSlider>

namespace auditgap::ui {

class BudgetSlider : public QSlider {
    Q_OBJECT
public:
    static constexpr double kMin = 1e-4; // the first position above 0
    static constexpr double kMax = 5e-2;
    static constexpr int kPositions = 240;

    explicit BudgetSlider(QWidget* parent = nullptr);
    double budget() const { return budgetAt(value()); }
    void setBudget(double p); // snaps to the nearest position
    static double budgetAt(int position);
    static int positionOf(double p);
    // Tick labels (0, 5e-4, 1e-3, 5e-3) beside the groove; the first slider of a panel shows them.
    void setShowLabels(bool show);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    bool m_labels = false;
};

} // namespace auditgap::ui
