#pragma once
// A vertical slider over a budget on a log scale, with a 0 ("off") position at the bottom and
// tick marks at the protocol's budgets for the attack: the relative ℓ∞ budget p (1e-4 … 5e-2,
// ticks 5e-4, 1e-3, 5e-3), the ℓ2 radius as a fraction of the base's mean ‖h‖ (1e-3 … 0.5, tick
// 0.06) or the steering fraction (0.01 … 0.5, ticks .03, .06, .12, .24). GUI thread only.
// The budget is exact, not the position's: setBudget(5e-4) gives budget() == 5e-4 (the handle
// sits at the nearest position). Dragging snaps to the snap targets (the LVS grid's budgets,
// the ticks and the headline) within kMagnet positions of one, so the grid's columns are easy
// to hit exactly; elsewhere a position's budget has three significant digits.
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
    static constexpr int kMagnet = 4; // positions either side of a snap target that snap to it
    using Scale = BudgetScale;
    // The protocol's scale for an attack (the ℓ∞ one for PGD and the random control).
    static Scale scaleFor(core::AttackKind attack);

    explicit BudgetSlider(QWidget* parent = nullptr);
    double budget() const { return m_budget; }
    void setBudget(double p); // exact; the handle moves to the nearest position
    // Exact budgets a drag snaps to (the ticks always are).
    void setSnapTargets(const std::vector<double>& targets);
    // The budget a drag to `position` selects: a snap target within kMagnet, else budgetAt().
    double snappedBudget(int position) const;
    void setScale(const Scale& scale); // keeps the position; the caller re-sets the budget
    const Scale& scale() const { return m_scale; }
    static double budgetAt(int position, const Scale& scale = Scale());
    static int positionOf(double p, const Scale& scale = Scale());
    // Tick labels (0, 5e-4, 1e-3, 5e-3) beside the groove; the first slider of a panel shows them.
    void setShowLabels(bool show);

Q_SIGNALS:
    void budgetChanged(double budget); // any change of budget(), by the user or by setBudget

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void onPositionChanged(int position);

    bool m_labels = false;
    bool m_settingExact = false;
    double m_budget = 0.0;
    Scale m_scale;
    std::vector<double> m_snap;
};

} // namespace auditgap::ui
