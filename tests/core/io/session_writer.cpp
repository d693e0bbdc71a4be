// Test helper for tst_bad_inputs' kill -9 test: saves one large session (about 10 MB) to PATH
// over and over, through Session::save (the atomic save every front end uses), until killed.
// Prints "ready SIZE SHA256" of the bytes it writes first.
#include <iostream>
#include <string>

#include "io/Session.h"
#include "io/Sha256.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: session_writer PATH\n";
        return 2;
    }
    using namespace auditgap::core;
    Session s;
    s.models = {{"A", "big", "/nowhere/big", std::string(64, '0')}};
    s.promptsSha256 = std::string(64, '1');
    const std::string filler(200, 'x');
    for (int i = 0; i < 40000; ++i)
        s.inlinePrompts.push_back({"prompt " + std::to_string(i) + " " + filler, i % 3 ? "harmful" : "benign", "cat", "Sure, here is"});
    const std::string bytes = s.serialize();
    std::cout << "ready " << bytes.size() << " " << Sha256::ofString(bytes) << std::endl;
    for (;;)
        s.save(argv[1]);
}
