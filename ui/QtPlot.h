#pragma once
// QCustomPlot through the one door the ui targets use. The ui compiles with QT_NO_KEYWORDS
// (STYLE rule 6), but qcustomplot.h declares its signals and slots with Qt's lower-case
// keywords (and `foreach`); they are mapped onto Q_SIGNALS/Q_SLOTS/Q_EMIT/Q_FOREACH for this
// header only.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
