#pragma once
// The budget panel: the sliders (BudgetSliderGrid: one per hook point, exact typed values),
// "link sliders", presets (exact budgets), and the attack / judge / reward settings.
// slidersChanged fires on every slider move (live, while dragging) with the hook points that
// changed. GUI thread only.
#include <vector>

#include <QWidget>

#include "AttackPanelSettings.h"

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace auditgap::ui {

class BudgetSlider;
class BudgetSliderGrid;

class BudgetPanel : public QWidget {
    Q_OBJECT
public:
    explicit BudgetPanel(QWidget* parent = nullptr);

    void setHookCount(int hooks);
    int hookCount() const;
    std::vector<double> values() const;
    void setValues(const std::vector<double>& values); // emits once for the hooks that changed
    void setValue(int hook, double p);                 // as if the user moved it (honours link)
    bool linked() const;
    void setLinked(bool linked);
    void setHeadlineBudget(double p);
    // The LVS grid's budgets: the sliders snap to them (and to the headline).
    void setGridBudgets(const std::vector<double>& budgets);

    // What choosing an attack in the panel does: the phase and the sliders' scale follow the
    // protocol for it (values that were on move to its headline), then settingsChanged.
    void selectAttack(core::AttackKind attack);
    AttackPanelSettings settings() const;
    void setSettings(const AttackPanelSettings& s);

    enum class Preset { Paper, Headline, MidBand, Clear };
    void applyPreset(Preset preset);
    BudgetSlider* slider(int hook) const;
    BudgetSliderGrid* sliderGrid() const { return m_sliders; }

Q_SIGNALS:
    void slidersChanged(const std::vector<double>& values, const std::vector<int>& changedHooks);
    void settingsChanged();
    void chooseRewardRequested();
    void chooseJudgeRequested(); // "judge model" picked: the window asks for its folder

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyAttackScale(core::AttackKind attack);
    void updateSnapTargets();
    void retranslate();

    BudgetSliderGrid* m_sliders = nullptr;
    std::vector<double> m_gridBudgets;
    QCheckBox* m_link = nullptr;
    QComboBox* m_presets = nullptr;
    QGroupBox* m_attackBox = nullptr;
    QComboBox* m_attack = nullptr;
    QSpinBox* m_steps = nullptr;
    QComboBox* m_phase = nullptr;
    QLineEdit* m_target = nullptr;
    QComboBox* m_judge = nullptr;
    QLineEdit* m_reward = nullptr;
    QPushButton* m_rewardButton = nullptr;
    QSpinBox* m_tokens = nullptr;
    QLabel* m_attackLabel = nullptr;
    QLabel* m_stepsLabel = nullptr;
    QLabel* m_phaseLabel = nullptr;
    QLabel* m_targetLabel = nullptr;
    QLabel* m_judgeLabel = nullptr;
    QLabel* m_rewardLabel = nullptr;
    QLabel* m_tokensLabel = nullptr;
    QLabel* m_protocolLabel = nullptr; // "Protocol" row title
    QLabel* m_protocol = nullptr;      // the preset, the chat template, what differs from the paper
    QLabel* m_presetLabel = nullptr;
    double m_headline = 1e-3;
    QString m_judgePath;
    int m_judgeIndex = 0;
};

} // namespace auditgap::ui
