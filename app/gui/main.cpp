#include "GuiRunner.h"

int main(int argc, char** argv) {
    return auditgap::ui::GuiRunner::run(argc, argv);
}
