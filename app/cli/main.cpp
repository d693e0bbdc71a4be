#include <iostream>
#include <string>
#include <vector>

#include "cli/Cli.h"
#include "platform/Runtime.h"
#ifdef AUDITGAP_WITH_GUI
#include "AuditReport.h"
#endif

int main(int argc, char** argv) {
    auditgap::core::prepareProcess(argc, argv);
    auditgap::core::initRuntime();
#ifdef AUDITGAP_WITH_GUI
    auditgap::core::registerCommand("report", auditgap::ui::reportCommand);
#endif
    return auditgap::core::runCli(std::vector<std::string>(argv, argv + argc), std::cout, std::cerr);
}
