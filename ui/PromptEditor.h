#pragma once
// View and edit the prompt set inline: prompt, label (harmful / benign), category, target.
#include <vector>

#include <QDialog>

#include "io/PromptSet.h"

class QTableWidget;

namespace auditgap::ui {

class PromptEditor : public QDialog {
    Q_OBJECT
public:
    explicit PromptEditor(const std::vector<core::PromptItem>& items, QWidget* parent = nullptr);
    std::vector<core::PromptItem> items() const;

private:
    QTableWidget* m_table = nullptr;
};

} // namespace auditgap::ui
