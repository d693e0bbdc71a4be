#pragma once
// The interface language: installs the compiled translation (":/i18n/auditgap_<code>.qm",
// built from translations/*.ts by qt_add_translations) and removes the previous one. Qt then
// sends QEvent::LanguageChange to every widget, which re-translates itself live.
#include <QString>
#include <QStringList>

namespace auditgap::ui {

class LanguageManager {
public:
    static QStringList codes();                      // "en", "de", "zh_CN"
    static QString displayName(const QString& code); // in its own language
    // Returns false (and keeps the current language) when the translation is missing.
    static bool setLanguage(const QString& code);
    static QString current();
};

} // namespace auditgap::ui
