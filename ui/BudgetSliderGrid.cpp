#include "BudgetSliderGrid.h"

#include <algorithm>
#include <cmath>

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QResizeEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

#include "Workspace.h"

namespace auditgap::ui {

BudgetSliderGrid::BudgetSliderGrid(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_area = new QWidget(m_scroll);
    m_grid = new QGridLayout(m_area);
    m_grid->setHorizontalSpacing(2);
    m_grid->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_scroll->setWidget(m_area);
    layout->addWidget(m_scroll, 1);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setObjectName(QStringLiteral("budgetError"));
    m_error->setStyleSheet(QStringLiteral("color: #b40426"));
    m_error->hide();
    layout->addWidget(m_error);
}

int BudgetSliderGrid::columnWidth() const {
    // Wide enough for the longest value a position gives ("5.55e-4"), fixed, so a changing
    // value never resizes its column.
    return fontMetrics().horizontalAdvance(QStringLiteral("5.55e-4")) + 14;
}

void BudgetSliderGrid::setHookCount(int hooks) {
    if (hooks == hookCount())
        return;
    const std::vector<double> old = values();
    for (auto* w : m_sliders)
        delete w;
    for (auto* w : m_values)
        delete w;
    for (auto* w : m_names)
        delete w;
    m_sliders.clear();
    m_values.clear();
    m_names.clear();
    for (int h = 0; h < hooks; ++h) {
        auto* name = new QLabel(Workspace::hookLabel(h), m_area);
        name->setAlignment(Qt::AlignCenter);
        auto* slider = new BudgetSlider(m_area);
        slider->setScale(m_scale);
        slider->setSnapTargets(m_snap);
        slider->setObjectName(QStringLiteral("budget_%1").arg(h));
        auto* value = new QLineEdit(m_area);
        value->setObjectName(QStringLiteral("budgetValue_%1").arg(h));
        value->setFixedWidth(columnWidth());
        value->setAlignment(Qt::AlignCenter);
        m_sliders.push_back(slider);
        m_values.push_back(value);
        m_names.push_back(name);
        if (static_cast<size_t>(h) < old.size())
            slider->setBudget(old[size_t(h)]);
        connect(slider, &BudgetSlider::budgetChanged, this, [this, h] { onBudgetChanged(h); });
        connect(value, &QLineEdit::editingFinished, this, [this, h] {
            const QString text = m_values[size_t(h)]->text();
            if (text != Workspace::budgetLabel(m_sliders[size_t(h)]->budget()))
                typeBudget(h, text);
        });
    }
    m_perRow = 0;
    reflow();
    updateFields();
    retranslate();
}

void BudgetSliderGrid::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    reflow();
}

void BudgetSliderGrid::reflow() {
    if (m_sliders.empty())
        return;
    // The first column of each row carries the tick labels; the others are one field wide.
    const int first = std::max(columnWidth(), m_sliders.front()->minimumSizeHint().width()) + 64;
    const int available = m_scroll->viewport()->width() - m_scroll->verticalScrollBar()->sizeHint().width();
    const int perRow = std::clamp(1 + (available - first) / (columnWidth() + m_grid->horizontalSpacing()), 1,
                                  hookCount());
    if (perRow == m_perRow)
        return;
    m_perRow = perRow;
    for (int h = 0; h < hookCount(); ++h) {
        m_grid->removeWidget(m_names[size_t(h)]);
        m_grid->removeWidget(m_sliders[size_t(h)]);
        m_grid->removeWidget(m_values[size_t(h)]);
    }
    for (int h = 0; h < hookCount(); ++h) {
        const int row = 3 * (h / perRow), col = h % perRow;
        m_sliders[size_t(h)]->setShowLabels(col == 0);
        m_grid->addWidget(m_names[size_t(h)], row, col, Qt::AlignHCenter);
        m_grid->addWidget(m_sliders[size_t(h)], row + 1, col, Qt::AlignHCenter);
        m_grid->addWidget(m_values[size_t(h)], row + 2, col, Qt::AlignHCenter);
    }
}

std::vector<double> BudgetSliderGrid::values() const {
    std::vector<double> v;
    for (auto* s : m_sliders)
        v.push_back(s->budget());
    return v;
}

void BudgetSliderGrid::updateFields() {
    for (size_t h = 0; h < m_sliders.size(); ++h) {
        m_values[h]->setText(Workspace::budgetLabel(m_sliders[h]->budget()));
        m_values[h]->setStyleSheet(QString());
    }
}

void BudgetSliderGrid::onBudgetChanged(int hook) {
    if (m_syncing)
        return;
    std::vector<int> changed{hook};
    if (m_linked) {
        m_syncing = true;
        const double p = m_sliders[size_t(hook)]->budget();
        for (size_t h = 0; h < m_sliders.size(); ++h)
            if (static_cast<int>(h) != hook && m_sliders[h]->budget() != p) {
                m_sliders[h]->setBudget(p);
                changed.push_back(static_cast<int>(h));
            }
        m_syncing = false;
    }
    m_error->hide();
    updateFields();
    Q_EMIT slidersChanged(values(), changed);
}

void BudgetSliderGrid::setValues(const std::vector<double>& v, bool reportAll) {
    std::vector<int> changed;
    m_syncing = true;
    for (size_t h = 0; h < m_sliders.size() && h < v.size(); ++h) {
        const double p = v[h] > 0.0 ? v[h] : 0.0;
        if (m_sliders[h]->budget() != p || reportAll) {
            m_sliders[h]->setBudget(p);
            changed.push_back(static_cast<int>(h));
        }
    }
    m_syncing = false;
    updateFields();
    if (!changed.empty())
        Q_EMIT slidersChanged(values(), changed);
}

void BudgetSliderGrid::setValue(int hook, double p) {
    if (hook >= 0 && hook < hookCount())
        m_sliders[size_t(hook)]->setBudget(p); // budgetChanged → onBudgetChanged (link, emit)
}

void BudgetSliderGrid::setScale(const BudgetSlider::Scale& scale) {
    m_scale = scale;
    for (auto* s : m_sliders)
        s->setScale(scale);
    m_perRow = 0; // the tick labels' width follows the scale
    reflow();
}

void BudgetSliderGrid::setSnapTargets(const std::vector<double>& targets) {
    m_snap = targets;
    for (auto* s : m_sliders)
        s->setSnapTargets(targets);
}

QString BudgetSliderGrid::allowedRange() const {
    return tr("0 (off) or %1 … %2").arg(Workspace::budgetLabel(m_scale.min), Workspace::budgetLabel(m_scale.max));
}

QString BudgetSliderGrid::typeBudget(int hook, const QString& text) {
    if (hook < 0 || hook >= hookCount())
        return tr("no hook point %1").arg(hook);
    const QString t = text.trimmed();
    bool ok = false;
    double p = QLocale::c().toDouble(t, &ok);
    if (!ok)
        p = QLocale().toDouble(t, &ok);
    QString why;
    if (!ok || !std::isfinite(p))
        why = tr("\"%1\" is not a number").arg(t);
    else if (p < 0.0)
        why = tr("%1 is negative").arg(t);
    else if (p > 0.0 && (p < m_scale.min * (1 - 1e-9) || p > m_scale.max * (1 + 1e-9)))
        why = tr("%1 is outside the slider's scale").arg(t);
    if (!why.isEmpty()) {
        const QString message = tr("Budget at layer %1 refused: %2; allowed: %3.")
                                    .arg(Workspace::hookLabel(hook), why, allowedRange());
        m_values[size_t(hook)]->setStyleSheet(QStringLiteral("border: 1px solid #b40426"));
        m_values[size_t(hook)]->setToolTip(message);
        m_error->setText(message);
        m_error->show();
        return message;
    }
    m_values[size_t(hook)]->setToolTip(QString());
    if (m_sliders[size_t(hook)]->budget() == p) {
        m_error->hide();
        updateFields();
    } else {
        setValue(hook, p);
    }
    return {};
}

QString BudgetSliderGrid::error() const {
    return m_error->isHidden() ? QString() : m_error->text();
}

void BudgetSliderGrid::retranslate() {
    for (size_t h = 0; h < m_sliders.size(); ++h) {
        const QString where = h == 0 ? tr("Relative budget p at the embedding") : tr("Relative budget p at block %1").arg(h - 1);
        m_sliders[h]->setToolTip(where);
        m_values[h]->setPlaceholderText(allowedRange());
        if (m_values[h]->styleSheet().isEmpty())
            m_values[h]->setToolTip(tr("%1 — type a value: %2").arg(where, allowedRange()));
    }
}

} // namespace auditgap::ui
