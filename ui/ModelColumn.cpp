#include "ModelColumn.h"

#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

#include "HeatmapView.h"

namespace auditgap::ui {

ModelColumn::ModelColumn(int slot, QWidget* parent) : QWidget(parent), m_slot(slot) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    m_header = new QLabel(this);
    m_header->setAlignment(Qt::AlignCenter);
    m_header->setWordWrap(true);
    QFont f = m_header->font();
    f.setBold(true);
    m_header->setFont(f);
    layout->addWidget(m_header);
    auto* split = new QSplitter(Qt::Vertical, this);
    m_refusal = new HeatmapView(split);
    m_lvs = new HeatmapView(split);
    m_refusal->setObjectName(QStringLiteral("refusal_%1").arg(slot));
    m_lvs->setObjectName(QStringLiteral("lvs_%1").arg(slot));
    split->addWidget(m_refusal);
    split->addWidget(m_lvs);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);
}

void ModelColumn::setHeader(const QString& text) {
    m_header->setText(text);
}

} // namespace auditgap::ui
