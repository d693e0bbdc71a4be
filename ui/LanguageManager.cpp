#include "LanguageManager.h"

#include <QCoreApplication>
#include <QTranslator>

namespace auditgap::ui {

namespace {
QTranslator* g_translator = nullptr;
QString g_current = QStringLiteral("en");
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
    if (g_translator) {
        QCoreApplication::removeTranslator(g_translator);
        delete g_translator;
        g_translator = nullptr;
    }
    if (next) {
        QCoreApplication::installTranslator(next);
        g_translator = next;
    }
    g_current = code;
    return true;
}

QString LanguageManager::current() {
    return g_current;
}

} // namespace auditgap::ui
