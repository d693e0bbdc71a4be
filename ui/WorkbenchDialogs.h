#pragma once
// The workbench's small dialogs, as functions of their parent window: preferences (language),
// About, the folder choosers of the attack settings, and the (prompt, compliant answer) pairs of
// harmful fine-tuning. GUI thread only.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <QCoreApplication>
#include <QString>

#include "io/PromptSet.h"

class QWidget;

namespace auditgap::ui {

class WorkbenchDialogs {
    Q_DECLARE_TR_FUNCTIONS(WorkbenchDialogs)

public:
    // Preferences → Language; "" when nothing changed or the language applied, else the error.
    static QString preferences(QWidget* parent);
    static void about(QWidget* parent);
    // A folder, or "" when the user cancelled.
    static QString chooseFolder(QWidget* parent, const QString& title);
    // Where a file dialog opens: the folder of the last file or folder the user chose (a
    // session, an export), else the current session's folder, else the home folder.
    static QString startDir(const QString& sessionPath = QString());
    static void remember(const QString& chosen); // no-op for ""
    // The shipped demo family: $AUDITGAP_DEMO_DIR, else share/auditgap/demo beside the binary or
    // installed; "" when none is found.
    static QString demoFolder();
    // Harmful fine-tuning pairs: the harmful prompts with a "response" of `dataFile`, else of the
    // prompt set, else of a JSONL file the user picks (then stored in `dataFile`). Throws
    // core::Error naming the file when none has a response.
    static std::vector<std::pair<std::string, std::string>> fineTuningPairs(QWidget* parent,
                                                                            const core::PromptSet& prompts,
                                                                            QString& dataFile, bool interactive);
};

} // namespace auditgap::ui
