#include "PromptEditor.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace auditgap::ui {

PromptEditor::PromptEditor(const std::vector<core::PromptItem>& items, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Prompts"));
    auto* layout = new QVBoxLayout(this);
    m_table = new QTableWidget(static_cast<int>(items.size()), 4, this);
    m_table->setHorizontalHeaderLabels({tr("Prompt"), tr("Label"), tr("Category"), tr("Target")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int r = 0; r < static_cast<int>(items.size()); ++r) {
        const auto& it = items[size_t(r)];
        m_table->setItem(r, 0, new QTableWidgetItem(QString::fromStdString(it.prompt)));
        m_table->setItem(r, 1, new QTableWidgetItem(QString::fromStdString(it.label)));
        m_table->setItem(r, 2, new QTableWidgetItem(QString::fromStdString(it.category)));
        m_table->setItem(r, 3, new QTableWidgetItem(QString::fromStdString(it.target)));
    }
    layout->addWidget(m_table, 1);
    auto* row = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add prompt"), this);
    auto* remove = new QPushButton(tr("Remove selected"), this);
    row->addWidget(add);
    row->addWidget(remove);
    row->addStretch(1);
    layout->addLayout(row);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(add, &QPushButton::clicked, this, [this] {
        const int r = m_table->rowCount();
        m_table->insertRow(r);
        m_table->setItem(r, 1, new QTableWidgetItem(QStringLiteral("harmful")));
        m_table->editItem(m_table->item(r, 1));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const auto rows = m_table->selectionModel()->selectedRows();
        for (int i = static_cast<int>(rows.size()) - 1; i >= 0; --i)
            m_table->removeRow(rows[i].row());
    });
    resize(900, 520);
}

std::vector<core::PromptItem> PromptEditor::items() const {
    std::vector<core::PromptItem> out;
    auto text = [this](int r, int c) {
        const auto* it = m_table->item(r, c);
        return it ? it->text().trimmed().toStdString() : std::string();
    };
    for (int r = 0; r < m_table->rowCount(); ++r) {
        core::PromptItem p;
        p.prompt = text(r, 0);
        if (p.prompt.empty())
            continue;
        p.label = text(r, 1);
        p.category = text(r, 2);
        p.target = text(r, 3);
        p.line = r + 1;
        out.push_back(std::move(p));
    }
    return out;
}

} // namespace auditgap::ui
