#include "BudgetPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include "BudgetSlider.h"
#include "BudgetSliderGrid.h"
#include "Workspace.h"

namespace auditgap::ui {

BudgetPanel::BudgetPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_sliders = new BudgetSliderGrid(this);
    m_sliders->setScale(BudgetSlider::scaleFor(core::AttackKind::Pgd));
    layout->addWidget(m_sliders, 1);
    connect(m_sliders, &BudgetSliderGrid::slidersChanged, this, &BudgetPanel::slidersChanged);
    m_gridBudgets = Workspace().budgetGrid;
    updateSnapTargets();

    auto* row = new QHBoxLayout;
    m_link = new QCheckBox(this);
    row->addWidget(m_link);
    connect(m_link, &QCheckBox::toggled, m_sliders, &BudgetSliderGrid::setLinked);
    m_presetLabel = new QLabel(this);
    row->addWidget(m_presetLabel);
    m_presets = new QComboBox(this);
    row->addWidget(m_presets, 1);
    layout->addLayout(row);
    connect(m_presets, &QComboBox::activated, this, [this](int i) {
        if (i > 0)
            applyPreset(static_cast<Preset>(i - 1));
        m_presets->setCurrentIndex(0);
    });

    m_attackBox = new QGroupBox(this);
    auto* form = new QFormLayout(m_attackBox);
    m_attack = new QComboBox(m_attackBox);
    m_steps = new QSpinBox(m_attackBox);
    m_steps->setRange(0, 200);
    m_phase = new QComboBox(m_attackBox);
    m_target = new QLineEdit(AttackPanelSettings().target, m_attackBox);
    m_judge = new QComboBox(m_attackBox);
    m_reward = new QLineEdit(m_attackBox);
    m_reward->setReadOnly(true);
    m_rewardButton = new QPushButton(m_attackBox);
    m_tokens = new QSpinBox(m_attackBox);
    m_tokens->setRange(1, 1024);
    m_tokens->setValue(AttackPanelSettings().maxNewTokens); // the quick protocol's
    auto* rewardRow = new QHBoxLayout;
    rewardRow->addWidget(m_reward, 1);
    rewardRow->addWidget(m_rewardButton);
    m_attackLabel = new QLabel(m_attackBox);
    m_stepsLabel = new QLabel(m_attackBox);
    m_phaseLabel = new QLabel(m_attackBox);
    m_targetLabel = new QLabel(m_attackBox);
    m_judgeLabel = new QLabel(m_attackBox);
    m_rewardLabel = new QLabel(m_attackBox);
    m_tokensLabel = new QLabel(m_attackBox);
    m_protocolLabel = new QLabel(m_attackBox);
    m_protocol = new QLabel(m_attackBox);
    m_protocol->setWordWrap(true);
    form->addRow(m_protocolLabel, m_protocol);
    form->addRow(m_attackLabel, m_attack);
    form->addRow(m_stepsLabel, m_steps);
    form->addRow(m_phaseLabel, m_phase);
    form->addRow(m_targetLabel, m_target);
    form->addRow(m_tokensLabel, m_tokens);
    form->addRow(m_judgeLabel, m_judge);
    form->addRow(m_rewardLabel, rewardRow);
    layout->addWidget(m_attackBox);
    retranslate();

    auto changed = [this] { Q_EMIT settingsChanged(); };
    connect(m_attack, &QComboBox::activated, this, [this] { selectAttack(settings().attack); });
    connect(m_phase, &QComboBox::activated, this, changed);
    connect(m_judge, &QComboBox::activated, this, [this](int i) {
        if (i == 2) {
            m_judge->setCurrentIndex(m_judgeIndex); // until a folder is chosen
            Q_EMIT chooseJudgeRequested();
            return;
        }
        m_judgeIndex = i;
        Q_EMIT settingsChanged();
    });
    connect(m_steps, &QSpinBox::editingFinished, this, changed);
    connect(m_tokens, &QSpinBox::editingFinished, this, changed);
    connect(m_target, &QLineEdit::editingFinished, this, changed);
    connect(m_rewardButton, &QPushButton::clicked, this, &BudgetPanel::chooseRewardRequested);
}

void BudgetPanel::retranslate() {
    m_link->setText(tr("Link sliders"));
    m_link->setToolTip(tr("Drag one slider, move all"));
    m_presetLabel->setText(tr("Presets:"));
    const int attack = std::max(0, m_attack->currentIndex()), phase = std::max(0, m_phase->currentIndex()),
              judge = std::max(0, m_judge->currentIndex());
    m_presets->clear();
    m_presets->addItems({tr("Choose…"), tr("Paper budgets (5e-4, 1e-3, 5e-3 by depth)"),
                         tr("Headline budget, every layer"), tr("Mid band only"), tr("Clear")});
    m_attackBox->setTitle(tr("Attack"));
    m_attack->clear();
    m_attack->addItems({tr("PGD ℓ∞ (paper)"), tr("ℓ2 adaptive"), tr("Random control"), tr("Steering")});
    m_attack->setCurrentIndex(attack);
    m_phase->clear();
    m_phase->addItems({tr("Prefill only"), tr("All decode steps")});
    m_phase->setCurrentIndex(phase);
    m_judge->clear();
    m_judge->addItems({tr("Refusal prefixes"), tr("Logit refusal score"), tr("Judge model (folder)…")});
    m_judge->setCurrentIndex(judge);
    m_steps->setSpecialValueText(tr("default"));
    m_rewardButton->setText(tr("Choose…"));
    m_reward->setPlaceholderText(tr("none: S = judge verdict"));
    m_attackLabel->setText(tr("Method"));
    m_stepsLabel->setText(tr("Steps"));
    m_phaseLabel->setText(tr("Phase"));
    m_targetLabel->setText(tr("Target"));
    m_tokensLabel->setText(tr("New tokens"));
    m_protocolLabel->setText(tr("Protocol"));
    //: The workbench's live tiers run the quick protocol preset; the paper's is the CLI default.
    m_protocol->setText(tr("quick (live tiers: %1 new tokens; the paper's: %2) · chat template: paper")
                            .arg(core::Protocol::named("quick").lvsNewTokens)
                            .arg(core::Protocol{}.lvsNewTokens));
    m_protocol->setToolTip(tr("Figures computed here are labelled \"quick\" in every export. "
                              "`auditgap-cli protocol show` prints both presets knob by knob."));
    m_judgeLabel->setText(tr("Judge"));
    m_rewardLabel->setText(tr("Reward model"));
    m_sliders->retranslate();
}

void BudgetPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void BudgetPanel::setHookCount(int hooks) {
    m_sliders->setHookCount(hooks);
}

int BudgetPanel::hookCount() const {
    return m_sliders->hookCount();
}

std::vector<double> BudgetPanel::values() const {
    return m_sliders->values();
}

void BudgetPanel::setValues(const std::vector<double>& v) {
    m_sliders->setValues(v);
}

BudgetSlider* BudgetPanel::slider(int hook) const {
    return m_sliders->slider(hook);
}

void BudgetPanel::setHeadlineBudget(double p) {
    m_headline = p;
    updateSnapTargets();
}

void BudgetPanel::setGridBudgets(const std::vector<double>& budgets) {
    m_gridBudgets = budgets;
    updateSnapTargets();
}

void BudgetPanel::updateSnapTargets() {
    // A drag snaps to the budgets the LVS grid computes and the family's headline (and the
    // scale's ticks), so the full attack runs at a budget a column names.
    std::vector<double> targets = m_gridBudgets;
    targets.push_back(m_headline);
    m_sliders->setSnapTargets(targets);
}

void BudgetPanel::selectAttack(core::AttackKind a) {
    {
        const QSignalBlocker block(m_attack);
        m_attack->setCurrentIndex(core::isSteering(a) ? 3 : core::isL2Family(a) ? 1 : a == core::AttackKind::Random ? 2 : 0);
    }
    // The phase follows the protocol for the attack, as in the CLI (prefill for PGD and the
    // random control, every decode step for ℓ2 and steering); the user may then change it.
    m_phase->setCurrentIndex(core::isL2Family(a) || core::isSteering(a) ? 1 : 0);
    applyAttackScale(a);
    Q_EMIT settingsChanged();
}

void BudgetPanel::applyAttackScale(core::AttackKind attack) {
    // An ℓ2 radius is not an ℓ∞ fraction: the sliders take the attack's scale, and every slider
    // that was on moves to the attack's headline value (the protocol's ℓ2 budget or steering
    // fraction 0.06; the family's headline p for ℓ∞).
    const BudgetSlider::Scale scale = BudgetSlider::scaleFor(attack);
    if (m_sliders->scale() == scale)
        return;
    const double headline = core::isL2Family(attack) ? core::Protocol{}.l2Budget : core::isSteering(attack) ? 0.06 : m_headline;
    std::vector<double> v = values();
    m_sliders->setScale(scale);
    for (double& x : v)
        x = x > 0 ? headline : 0.0;
    m_sliders->setValues(v, /*reportAll=*/true); // every hook changed meaning (another scale)
}

void BudgetPanel::setValue(int hook, double p) {
    m_sliders->setValue(hook, p);
}

bool BudgetPanel::linked() const {
    return m_link->isChecked();
}

void BudgetPanel::setLinked(bool linked) {
    m_link->setChecked(linked);
}

void BudgetPanel::applyPreset(Preset preset) {
    const int n = hookCount();
    std::vector<double> v(static_cast<size_t>(n), 0.0);
    const int blocks = n - 1;
    const int lo = static_cast<int>(std::lround(0.4 * blocks)), hi = static_cast<int>(std::lround(0.6 * blocks));
    for (int h = 0; h < n; ++h) {
        switch (preset) {
        case Preset::Paper: // the paper's three budgets across depth: early, middle, late thirds
            v[size_t(h)] = h <= n / 3 ? 5e-4 : (h <= 2 * n / 3 ? 1e-3 : 5e-3);
            break;
        case Preset::Headline:
            v[size_t(h)] = m_headline;
            break;
        case Preset::MidBand:
            v[size_t(h)] = (h >= lo + 1 && h <= hi + 1) ? m_headline : 0.0;
            break;
        case Preset::Clear:
            v[size_t(h)] = 0.0;
            break;
        }
    }
    setValues(v);
}

AttackPanelSettings BudgetPanel::settings() const {
    AttackPanelSettings s;
    // The workbench's live tiers: its steering is the prompt-group (refusal-direction) variant.
    const core::AttackKind kinds[] = {core::AttackKind::Pgd, core::AttackKind::L2, core::AttackKind::Random,
                                      core::AttackKind::SteerRefusal};
    s.attack = kinds[std::clamp(m_attack->currentIndex(), 0, 3)];
    s.steps = m_steps->value();
    s.allSteps = m_phase->currentIndex() == 1;
    s.target = m_target->text();
    s.judge = m_judgeIndex == 1 ? core::JudgeKind::Logit : (m_judgeIndex == 2 ? core::JudgeKind::Model : core::JudgeKind::Prefix);
    s.judgePath = m_judgePath;
    s.reward = m_reward->text();
    s.maxNewTokens = m_tokens->value();
    return s;
}

void BudgetPanel::setSettings(const AttackPanelSettings& s) {
    const QSignalBlocker b1(m_attack), b2(m_steps), b3(m_phase), b4(m_target), b5(m_judge), b6(m_tokens);
    m_attack->setCurrentIndex(s.attack == core::AttackKind::SteerRefusal || s.attack == core::AttackKind::Steer ? 3
                              : s.attack == core::AttackKind::RandomL2                                     ? 2
                                                                                                           : static_cast<int>(s.attack));
    m_sliders->setScale(BudgetSlider::scaleFor(s.attack)); // the session's values are on this scale
    m_steps->setValue(s.steps);
    m_phase->setCurrentIndex(s.allSteps ? 1 : 0);
    m_target->setText(s.target);
    m_judgeIndex = s.judge == core::JudgeKind::Logit ? 1 : (s.judge == core::JudgeKind::Model ? 2 : 0);
    m_judgePath = s.judgePath;
    m_judge->setCurrentIndex(m_judgeIndex);
    m_judge->setToolTip(s.judge == core::JudgeKind::Model ? s.judgePath : QString());
    m_reward->setText(s.reward);
    m_tokens->setValue(s.maxNewTokens);
}

} // namespace auditgap::ui
