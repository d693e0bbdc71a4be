// libFuzzer entry point of one target; AUDITGAP_FUZZ_TARGET names the function (FuzzTargets.h).
#include "FuzzTargets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auditgap::fuzz::AUDITGAP_FUZZ_TARGET(data, size);
    return 0;
}
