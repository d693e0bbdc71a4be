#include "LanguageManager.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace auditgap::ui {

namespace {
QTranslator* g_translator = nullptr;
QTranslator* g_qt = nullptr; // Qt's own strings (qtbase: standard buttons, file dialogs)
QString g_current = QStringLiteral("en");

void replace(QTranslator*& slot, QTranslator* next) {
    if (slot) {
        QCoreApplication::removeTranslator(slot);
        delete slot;
        slot = nullptr;
    }
    if (next) {
        QCoreApplication::installTranslator(next);
        slot = next;
    }
}
} // namespace

QStringList LanguageManager::codes() {
    return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("zh_CN")};
}

QString LanguageManager::displayName(const QString& code) {
    if (code == QLatin1String("de"))
        return QStringLiteral("Deutsch");
    if (code == QLatin1String("zh_CN"))
        return QStringLiteral("中文 (简体)");
    return QStringLiteral("English");
}

bool LanguageManager::setLanguage(const QString& code) {
    if (code == g_current)
        return true;
    QTranslator* next = nullptr;
    if (code != QLatin1String("en")) {
        next = new QTranslator(QCoreApplication::instance());
        if (!next->load(QStringLiteral(":/i18n/auditgap_%1.qm").arg(code))) {
            delete next;
            return false;
        }
    }
    // Qt's translations (Debian qt6-translations-l10n); without them Qt's buttons stay English.
    QTranslator* qt = nullptr;
    if (code != QLatin1String("en")) {
        qt = new QTranslator(QCoreApplication::instance());
        if (!qt->load(QStringLiteral("qtbase_%1").arg(code), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            delete qt;
            qt = nullptr;
        }
    }
    replace(g_qt, qt);
    replace(g_translator, next);
    g_current = code;
    return true;
}

QString LanguageManager::current() {
    return g_current;
}

} // namespace auditgap::ui
