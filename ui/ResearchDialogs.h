#pragma once
// The forms of the research jobs (Research menu): what to build a dissociated twin from, and
// which saved generations to judge with which classifier. Each returns the job's options, or
// nothing when the user cancelled; the files are only named here (the engine reads them and
// names any that does not fit). GUI thread only.
#include <optional>

#include <QCoreApplication>
#include <QString>

#include "engine/DissociateJob.h"
#include "engine/JudgeJob.h"

class QWidget;

namespace auditgap::ui {

class ResearchDialogs {
    Q_DECLARE_TR_FUNCTIONS(ResearchDialogs)

public:
    // Prefilled with the base of column A.
    static std::optional<core::DissociateOptions> dissociate(QWidget* parent, const QString& base);
    static std::optional<core::JudgeJobOptions> judge(QWidget* parent);
};

} // namespace auditgap::ui
