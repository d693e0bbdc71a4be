#include "WorkbenchDialogs.h"

#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QMessageBox>
#include <QSettings>

#include "Error.h"
#include "LanguageManager.h"
#include "platform/Runtime.h"

namespace auditgap::ui {

QString WorkbenchDialogs::preferences(QWidget* parent) {
    QDialog dialog(parent);
    dialog.setWindowTitle(tr("Preferences"));
    auto* form = new QFormLayout(&dialog);
    auto* language = new QComboBox(&dialog);
    for (const QString& code : LanguageManager::codes())
        language->addItem(LanguageManager::displayName(code), code);
    language->setCurrentIndex(std::max(0, static_cast<int>(LanguageManager::codes().indexOf(LanguageManager::current()))));
    form->addRow(tr("Language"), language);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return {};
    const QString code = language->currentData().toString();
    if (!LanguageManager::setLanguage(code))
        return tr("The translation for %1 is missing.").arg(code);
    QSettings().setValue(QStringLiteral("language"), code);
    return {};
}

void WorkbenchDialogs::about(QWidget* parent) {
    const core::RuntimeInfo rt = core::runtimeInfo();
    auto q = [](const std::string& s) { return QString::fromStdString(s); };
    QMessageBox::about(parent, tr("About AuditGap"),
                       tr("<h3>AuditGap %1</h3><p>Representation-level safety audits of language models: latent "
                          "vulnerability (LVS) against behavioural refusal, layer by layer.</p>"
                          "<p>Method: Jiang, Gjølbye, Zhang, Koyejo, <i>When Behavioral Safety Evaluation Fails: A "
                          "Representation-Level Perspective</i>, arXiv 2606.08044 (2026).</p>"
                          "<table><tr><td>Qt</td><td>%2</td></tr><tr><td>libtorch</td><td>%3</td></tr>"
                          "<tr><td>Device</td><td>%4</td></tr><tr><td>BLAS</td><td>%5 (%6)</td></tr>"
                          "<tr><td>Threads</td><td>%7</td></tr></table>")
                           .arg(QStringLiteral(AUDITGAP_VERSION), QString::fromLatin1(qVersion()), q(rt.torchVersion),
                                q(rt.device), q(rt.blasLibrary), q(rt.blasKernel))
                           .arg(rt.threads));
}

QString WorkbenchDialogs::demoFolder() {
    const QByteArray env = qgetenv("AUDITGAP_DEMO_DIR");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env);
    try {
        return QString::fromStdString(core::findDataFile("demo/demo.json").parent_path().string());
    } catch (const std::exception&) {
        return {};
    }
}

QString WorkbenchDialogs::chooseFolder(QWidget* parent, const QString& title) {
    const QString dir = QFileDialog::getExistingDirectory(parent, title, startDir());
    remember(dir);
    return dir;
}

QString WorkbenchDialogs::startDir(const QString& sessionPath) {
    const QString last = QSettings().value(QStringLiteral("paths/last")).toString();
    if (!last.isEmpty() && QFileInfo(last).isDir())
        return last;
    if (!sessionPath.isEmpty())
        return QFileInfo(sessionPath).absolutePath();
    return QDir::homePath();
}

void WorkbenchDialogs::remember(const QString& chosen) {
    if (chosen.isEmpty())
        return;
    const QFileInfo info(chosen);
    QSettings().setValue(QStringLiteral("paths/last"), info.isDir() ? info.absoluteFilePath() : info.absolutePath());
}

std::vector<std::pair<std::string, std::string>> WorkbenchDialogs::fineTuningPairs(QWidget* parent,
                                                                                   const core::PromptSet& prompts,
                                                                                   QString& dataFile, bool interactive) {
    std::vector<std::pair<std::string, std::string>> train;
    auto collect = [&](const core::PromptSet& set) {
        for (size_t i = 0; i < set.items.size(); ++i)
            if (set.isHarmful(i) && !set.items[i].response.empty())
                train.emplace_back(set.items[i].prompt, set.items[i].response);
    };
    if (!dataFile.isEmpty())
        collect(core::PromptSet::load(dataFile.toStdString()));
    if (train.empty())
        collect(prompts);
    if (train.empty()) {
        const QString f = interactive ? QFileDialog::getOpenFileName(parent, tr("Fine-tuning pairs (JSONL with \"response\")"),
                                                                     QString(), tr("JSONL (*.jsonl)"))
                                      : QString();
        if (f.isEmpty())
            throw core::Error(tr("Harmful fine-tuning needs (prompt, response) pairs: a JSONL file with a \"response\" field.")
                                  .toStdString());
        dataFile = f;
        collect(core::PromptSet::load(f.toStdString()));
    }
    if (train.empty())
        throw core::Error(tr("%1: no harmful prompt with a \"response\" field").arg(dataFile).toStdString());
    return train;
}

} // namespace auditgap::ui
