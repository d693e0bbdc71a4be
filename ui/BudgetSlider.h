#pragma once
// A vertical slider over a budget on a log scale, with a 0 ("off") position at the bottom and
// tick marks at the protocol's budgets for the attack: the relative ℓ∞ budget p (1e-4 … 5e-2,
// ticks 5e-4, 1e-3, 5e-3), the ℓ2 radius as a fraction of the base's mean ‖h‖ (1e-3 … 0.5, tick
// 0.06) or the steering fraction (0.01 … 0.5, ticks .03, .06, .12, .24). GUI thread only.
#include <vector>

#include <QSlider>

#include "io/AuditSettings.h"

namespace auditgap::ui {

// The range of a BudgetSlider's positions 1..kPositions (log scale) and its tick marks.
struct BudgetScale {
    double min = 1e-4; // the first position above 0
    double max = 5e-2;
    std::vector<double> ticks{5e-4, 1e-3, 5e-3};
    bool operator==(const BudgetScale&) const = default;
};

class BudgetSlider : public QSlider {
    Q_OBJECT
public:
    static constexpr int kPositions = 240;
    using Scale = BudgetScale;
    // The protocol's scale for an attack (the ℓ∞ one for PGD and the random control).
    static Scale scaleFor(core::AttackKind attack);

    explicit BudgetSlider(QWidget* parent = nullptr);
    double budget() const { return budgetAt(value(), m_scale); }
    void setBudget(double p); // snaps to the nearest position
    void setScale(const Scale& scale); // keeps the position; the caller re-sets the budget
    const Scale& scale() const { return m_scale; }
    static double budgetAt(int position, const Scale& scale = Scale());
    static int positionOf(double p, const Scale& scale = Scale());
    // Tick labels (0, 5e-4, 1e-3, 5e-3) beside the groove; the first slider of a panel shows them.
    void setShowLabels(bool show);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    bool m_labels = false;
    Scale m_scale;
};

} // namespace auditgap::ui
