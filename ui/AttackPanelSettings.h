#pragma once
// The attack, judge and reward choices of the budget panel: the part of core::AuditSettings a
// user edits next to the sliders.
#include <QString>

#include "io/AuditSettings.h"

namespace auditgap::ui {

struct AttackPanelSettings {
    core::AttackKind attack = core::AttackKind::Pgd;
    int steps = 0;          // 0 = the attack's default
    bool allSteps = false;  // phase: prefill only (paper) or every decode step
    QString target = QString::fromStdString(core::Protocol{}.target);
    core::JudgeKind judge = core::JudgeKind::Prefix;
    QString judgePath;      // judge-model folder (JudgeKind::Model)
    QString reward;         // reward-model folder, "" = the judge's verdict
    // The workbench's live tiers run the "quick" protocol preset, and say so on every figure.
    int maxNewTokens = core::Protocol::named("quick").lvsNewTokens;
    QString protocol = QStringLiteral("quick");
    QString chatTemplate = QString::fromStdString(core::Protocol{}.chatTemplate);

    void applyTo(core::AuditSettings& s) const;
    static AttackPanelSettings from(const core::AuditSettings& s);
};

} // namespace auditgap::ui
