#pragma once
// The fuzz targets: every parser of a file a user hands AuditGap, fed arbitrary bytes. Bad
// input must end in core::Error (a message naming the file and field); anything else — a
// crash, a sanitizer report, another exception escaping, a broken round trip — is a bug.
// libFuzzer drives them under clang with ASan + UBSan (the AUDITGAP_FUZZ preset); the
// regression suite (tst_fuzz_regressions) runs every seed and every once-crashing input through
// the same functions in the normal build.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace auditgap::fuzz {

// true when the input was accepted (parsed without error).
using Target = bool (*)(const uint8_t* data, size_t size);

bool safetensors(const uint8_t* data, size_t size);      // a whole .safetensors file
bool safetensorsIndex(const uint8_t* data, size_t size); // model.safetensors.index.json
bool config(const uint8_t* data, size_t size);           // config.json
bool tokenizer(const uint8_t* data, size_t size);        // tokenizer.json (then encode/decode)
bool promptSet(const uint8_t* data, size_t size);        // first byte picks JSONL / CSV / text
bool session(const uint8_t* data, size_t size);          // .agap.json (then a byte-stable round trip)
bool results(const uint8_t* data, size_t size);          // results JSON (round trip, CSV)

struct NamedTarget {
    const char* name; // also the corpus folder name
    Target run;
};
const std::vector<NamedTarget>& targets();

} // namespace auditgap::fuzz
