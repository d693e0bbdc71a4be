#pragma once
// The budget panel's sliders: one BudgetSlider per hook point (the embedding and every block),
// its layer name above and an editable value below. Every column has the same fixed width, so
// nothing moves sideways while a value changes; the columns flow into rows that fit the width
// of the panel (a 0.5B model's 25 hook points or a 9B model's 43 scroll vertically in groups,
// never horizontally). A typed value is checked in place: a negative value, NaN, text that is
// not a number, or a value outside the scale is refused, the field says why and gives the
// allowed range, and the slider keeps its budget. GUI thread only.
#include <vector>

#include <QString>
#include <QWidget>

#include "BudgetSlider.h"

class QGridLayout;
class QLabel;
class QLineEdit;
class QScrollArea;

namespace auditgap::ui {

class BudgetSliderGrid : public QWidget {
    Q_OBJECT
public:
    explicit BudgetSliderGrid(QWidget* parent = nullptr);

    void setHookCount(int hooks);
    int hookCount() const { return static_cast<int>(m_sliders.size()); }
    std::vector<double> values() const;
    // Exact; emits once for the hooks that changed (every hook with reportAll).
    void setValues(const std::vector<double>& values, bool reportAll = false);
    void setValue(int hook, double p);                 // as if the user moved it (honours link)
    void setLinked(bool linked) { m_linked = linked; }
    bool linked() const { return m_linked; }
    // Every slider's scale; the caller sets the budgets afterwards.
    void setScale(const BudgetSlider::Scale& scale);
    const BudgetSlider::Scale& scale() const { return m_scale; }
    void setSnapTargets(const std::vector<double>& targets);

    // A value typed for `hook`: applied (as if the user moved the slider) and "" returned, or
    // refused with the reason and the allowed range (also shown under the sliders).
    QString typeBudget(int hook, const QString& text);
    QString error() const;
    BudgetSlider* slider(int hook) const { return m_sliders.at(static_cast<size_t>(hook)); }
    QLineEdit* valueField(int hook) const { return m_values.at(static_cast<size_t>(hook)); }
    int columnsPerRow() const { return m_perRow; }
    void retranslate();

Q_SIGNALS:
    void slidersChanged(const std::vector<double>& values, const std::vector<int>& changedHooks);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void onBudgetChanged(int hook);
    void updateFields();
    void reflow();
    int columnWidth() const;
    QString allowedRange() const;

    QScrollArea* m_scroll = nullptr;
    QWidget* m_area = nullptr;
    QGridLayout* m_grid = nullptr;
    QLabel* m_error = nullptr;
    std::vector<BudgetSlider*> m_sliders;
    std::vector<QLineEdit*> m_values;
    std::vector<QLabel*> m_names;
    BudgetSlider::Scale m_scale;
    std::vector<double> m_snap;
    int m_perRow = 0;
    bool m_linked = false;
    bool m_syncing = false;
};

} // namespace auditgap::ui
