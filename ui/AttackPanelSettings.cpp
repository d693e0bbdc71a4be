#include "AttackPanelSettings.h"

namespace auditgap::ui {

void AttackPanelSettings::applyTo(core::AuditSettings& s) const {
    s.attack = attack;
    s.steps = steps;
    s.allSteps = allSteps;
    s.target = target.toStdString();
    s.judge = judge;
    s.judgePath = judge == core::JudgeKind::Model ? judgePath.toStdString() : std::string();
    s.reward = reward.toStdString();
    s.maxNewTokens = maxNewTokens;
    s.protocol = core::Protocol::named(protocol.toStdString());
    s.chatTemplate = chatTemplate.toStdString();
}

AttackPanelSettings AttackPanelSettings::from(const core::AuditSettings& s) {
    AttackPanelSettings a;
    a.attack = s.attack;
    a.steps = s.steps;
    a.allSteps = s.allSteps;
    a.target = QString::fromStdString(s.target);
    a.judge = s.judge;
    a.judgePath = QString::fromStdString(s.judgePath);
    a.reward = QString::fromStdString(s.reward);
    a.maxNewTokens = s.maxNewTokens;
    a.protocol = QString::fromStdString(s.protocol.preset);
    a.chatTemplate = QString::fromStdString(s.chatTemplate);
    return a;
}

} // namespace auditgap::ui
