#include "BudgetSlider.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <QPainter>
#include <QStyle>
#include <QStyleOptionSlider>

#include "Workspace.h"

namespace auditgap::ui {

BudgetSlider::BudgetSlider(QWidget* parent) : QSlider(Qt::Vertical, parent) {
    setRange(0, kPositions);
    setPageStep(kPositions / 12);
    setMinimumHeight(140);
    connect(this, &QSlider::valueChanged, this, &BudgetSlider::onPositionChanged);
}

void BudgetSlider::onPositionChanged(int position) {
    if (m_settingExact)
        return;
    const double b = snappedBudget(position);
    const int home = positionOf(b, m_scale);
    if (home != position && !isSliderDown()) { // a click or key press lands on the target's position
        m_settingExact = true;
        setValue(home);
        m_settingExact = false;
    }
    if (b != m_budget) {
        m_budget = b;
        Q_EMIT budgetChanged(b);
    }
}

void BudgetSlider::setSnapTargets(const std::vector<double>& targets) {
    m_snap = targets;
}

double BudgetSlider::snappedBudget(int position) const {
    if (position <= 0)
        return 0.0;
    double best = std::nan("");
    int bestDistance = kMagnet + 1;
    auto consider = [&](double t) {
        if (!(t >= m_scale.min && t <= m_scale.max))
            return;
        const int d = std::abs(positionOf(t, m_scale) - position);
        if (d < bestDistance) {
            bestDistance = d;
            best = t;
        }
    };
    for (double t : m_scale.ticks)
        consider(t);
    for (double t : m_snap)
        consider(t);
    return std::isfinite(best) ? best : budgetAt(position, m_scale);
}

BudgetSlider::Scale BudgetSlider::scaleFor(core::AttackKind attack) {
    const core::Protocol p;
    if (core::isL2Family(attack))
        return {1e-3, 0.5, {p.l2Budget}};
    if (core::isSteering(attack)) {
        Scale s{1e-2, 0.5, {}};
        for (double f : p.steerFractions)
            if (f > 0)
                s.ticks.push_back(f);
        return s;
    }
    return {1e-4, 5e-2, p.budgets};
}

void BudgetSlider::setScale(const Scale& scale) {
    m_scale = scale;
    setShowLabels(m_labels); // the labels' width follows the ticks
}

double BudgetSlider::budgetAt(int position, const Scale& scale) {
    if (position <= 0)
        return 0.0;
    const double t = static_cast<double>(position - 1) / (kPositions - 1);
    const double lp = std::log10(scale.min) + t * (std::log10(scale.max) - std::log10(scale.min));
    // Three significant digits, so values read (and save) cleanly.
    const double v = std::pow(10.0, lp);
    const double unit = std::pow(10.0, std::floor(std::log10(v)) - 2);
    return std::round(v / unit) * unit;
}

int BudgetSlider::positionOf(double p, const Scale& scale) {
    if (!(p > 0.0))
        return 0;
    const double t = (std::log10(p) - std::log10(scale.min)) / (std::log10(scale.max) - std::log10(scale.min));
    return std::clamp(1 + static_cast<int>(std::lround(t * (kPositions - 1))), 1, kPositions);
}

void BudgetSlider::setBudget(double p) {
    const double exact = p > 0.0 ? p : 0.0;
    m_settingExact = true;
    setValue(positionOf(exact, m_scale));
    m_settingExact = false;
    if (exact != m_budget) {
        m_budget = exact;
        Q_EMIT budgetChanged(exact);
    }
}

void BudgetSlider::setShowLabels(bool show) {
    m_labels = show;
    int widest = fontMetrics().horizontalAdvance(QStringLiteral("5e-4"));
    for (double t : m_scale.ticks)
        widest = std::max(widest, fontMetrics().horizontalAdvance(Workspace::budgetLabel(t)));
    setMinimumWidth(show ? widest * 2 + 24 : 0);
    update();
}

void BudgetSlider::paintEvent(QPaintEvent* event) {
    QSlider::paintEvent(event);
    QStyleOptionSlider opt;
    initStyleOption(&opt);
    const QRect groove = style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderGroove, this);
    const QRect handle = style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderHandle, this);
    const int span = groove.height() - handle.height();
    QPainter painter(this);
    painter.setPen(palette().color(QPalette::WindowText));
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.75);
    painter.setFont(f);
    auto tick = [&](int position, const QString& label) {
        const int y = groove.top() + handle.height() / 2 +
                      QStyle::sliderPositionFromValue(minimum(), maximum(), position, span, opt.upsideDown);
        painter.drawLine(groove.left() - 6, y, groove.left() - 2, y);
        painter.drawLine(groove.right() + 2, y, groove.right() + 6, y);
        if (m_labels)
            painter.drawText(QRect(0, y - 8, std::max(0, groove.left() - 7), 16), Qt::AlignRight | Qt::AlignVCenter,
                             label);
    };
    tick(0, QStringLiteral("0"));
    for (double t : m_scale.ticks)
        tick(positionOf(t, m_scale), Workspace::budgetLabel(t));
}

} // namespace auditgap::ui
