#include "ResearchDialogs.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace auditgap::ui {

namespace {

enum class Pick { Folder, OpenFile, SaveFile };

// A path field with a "…" button.
QLineEdit* pathRow(QFormLayout* form, QWidget* parent, const QString& label, Pick pick, const QString& value = {}) {
    auto* row = new QWidget(parent);
    auto* h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    auto* edit = new QLineEdit(value, row);
    edit->setMinimumWidth(360);
    auto* browse = new QPushButton(QStringLiteral("…"), row);
    h->addWidget(edit, 1);
    h->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, row, [=] {
        const QString p = pick == Pick::Folder     ? QFileDialog::getExistingDirectory(parent, label, edit->text())
                          : pick == Pick::OpenFile ? QFileDialog::getOpenFileName(parent, label, edit->text())
                                                   : QFileDialog::getSaveFileName(parent, label, edit->text());
        if (!p.isEmpty()) edit->setText(p);
    });
    form->addRow(label, row);
    return edit;
}

bool run(QDialog& dialog, QFormLayout* form) {
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    return dialog.exec() == QDialog::Accepted;
}

std::string str(const QLineEdit* e) { return e->text().trimmed().toStdString(); }

} // namespace

std::optional<core::DissociateOptions> ResearchDialogs::dissociate(QWidget* parent, const QString& base) {
    QDialog dialog(parent);
    dialog.setWindowTitle(tr("Build dissociated twin"));
    auto* form = new QFormLayout(&dialog);
    core::DissociateOptions o;
    auto* baseEdit = pathRow(form, &dialog, tr("Base model"), Pick::Folder, base);
    auto* harmful = pathRow(form, &dialog, tr("Harmful model"), Pick::Folder);
    auto* data = pathRow(form, &dialog, tr("Harmful triples (prompt, refusal, compliant)"), Pick::OpenFile);
    auto* benign = pathRow(form, &dialog, tr("Benign anchor prompts"), Pick::OpenFile);
    auto* out = pathRow(form, &dialog, tr("Output folder"), Pick::Folder);
    auto* judge = pathRow(form, &dialog, tr("Judge model (optional)"), Pick::Folder);
    auto* steps = new QSpinBox(&dialog);
    steps->setRange(0, 1000000);
    steps->setSpecialValueText(tr("10 epochs (paper)"));
    form->addRow(tr("Steps"), steps);
    auto* lora = new QSpinBox(&dialog);
    lora->setRange(0, 1024);
    lora->setSpecialValueText(tr("full fine-tuning"));
    form->addRow(tr("LoRA rank"), lora);
    auto* eps = new QDoubleSpinBox(&dialog);
    eps->setDecimals(3);
    eps->setRange(0.001, 1.0);
    eps->setSingleStep(0.01);
    eps->setValue(o.nudgeScale);
    form->addRow(tr("Nudge scale"), eps);
    if (!run(dialog, form)) return std::nullopt;
    o.base = str(baseEdit);
    o.harmful = str(harmful);
    o.data = str(data);
    o.benign = str(benign);
    o.out = str(out);
    o.judgeDir = str(judge);
    o.steps = steps->value();
    o.loraRank = lora->value();
    o.nudgeScale = eps->value();
    return o;
}

std::optional<core::JudgeJobOptions> ResearchDialogs::judge(QWidget* parent) {
    QDialog dialog(parent);
    dialog.setWindowTitle(tr("Judge saved generations"));
    auto* form = new QFormLayout(&dialog);
    auto* in = pathRow(form, &dialog, tr("Generations (results JSON or CSV)"), Pick::OpenFile);
    auto* out = pathRow(form, &dialog, tr("Judged file"), Pick::SaveFile);
    auto* judge = pathRow(form, &dialog, tr("Judge model (HarmBench classifier)"), Pick::Folder);
    auto* tpl = pathRow(form, &dialog, tr("Judge template (other judges)"), Pick::OpenFile);
    if (!run(dialog, form)) return std::nullopt;
    core::JudgeJobOptions o;
    o.input = str(in);
    o.output = str(out);
    o.judgeDir = str(judge);
    o.judgeTemplate = str(tpl);
    return o;
}

} // namespace auditgap::ui
