#include <iostream>
#include <string>
#include <vector>

#include "cli/Cli.h"
#include "platform/Runtime.h"

int main(int argc, char** argv) {
    auditgap::core::prepareProcess(argc, argv);
    auditgap::core::initRuntime();
    return auditgap::core::runCli(std::vector<std::string>(argv, argv + argc), std::cout, std::cerr);
}
