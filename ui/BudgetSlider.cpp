#include "BudgetSlider.h"

#include <cmath>

#include <QPainter>
#include <QStyle>
#include <QStyleOptionSlider>

namespace auditgap::ui {

BudgetSlider::BudgetSlider(QWidget* parent) : QSlider(Qt::Vertical, parent) {
    setRange(0, kPositions);
    setPageStep(kPositions / 12);
    setMinimumHeight(140);
}

double BudgetSlider::budgetAt(int position) {
    if (position <= 0)
        return 0.0;
    const double t = static_cast<double>(position - 1) / (kPositions - 1);
    const double lp = std::log10(kMin) + t * (std::log10(kMax) - std::log10(kMin));
    // Three significant digits, so values read (and save) cleanly.
    const double v = std::pow(10.0, lp);
    const double scale = std::pow(10.0, std::floor(std::log10(v)) - 2);
    return std::round(v / scale) * scale;
}

int BudgetSlider::positionOf(double p) {
    if (!(p > 0.0))
        return 0;
    const double t = (std::log10(p) - std::log10(kMin)) / (std::log10(kMax) - std::log10(kMin));
    return std::clamp(1 + static_cast<int>(std::lround(t * (kPositions - 1))), 1, kPositions);
}

void BudgetSlider::setBudget(double p) {
    setValue(positionOf(p));
}

void BudgetSlider::setShowLabels(bool show) {
    m_labels = show;
    setMinimumWidth(show ? fontMetrics().horizontalAdvance(QStringLiteral("5e-4")) * 2 + 24 : 0);
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
    tick(positionOf(5e-4), QStringLiteral("5e-4"));
    tick(positionOf(1e-3), QStringLiteral("1e-3"));
    tick(positionOf(5e-3), QStringLiteral("5e-3"));
}

} // namespace auditgap::ui
