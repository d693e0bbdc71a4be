#include "FuzzTargets.h"

#include <cstdlib>
#include <cstring>
#include <iostream>

#include <nlohmann/json.hpp>

#include "Error.h"
#include "io/AuditResults.h"
#include "io/JsonFile.h"
#include "io/PromptSet.h"
#include "io/SafeTensorsFile.h"
#include "io/Session.h"
#include "model/ModelConfig.h"
#include "model/Tokenizer.h"

namespace auditgap::fuzz {

namespace {

std::string text(const uint8_t* data, size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

// A property that must hold for every accepted input; a violation aborts (the fuzzer's crash).
void require(bool ok, const char* what) {
    if (!ok) {
        std::cerr << "fuzz property violated: " << what << "\n";
        std::abort();
    }
}

template <typename F>
bool expectOnlyErrors(F&& f) {
    try {
        f();
        return true;
    } catch (const core::Error&) {
        return false; // bad input, reported properly
    }
}

} // namespace

bool safetensors(const uint8_t* data, size_t size) {
    return expectOnlyErrors([&] {
        const auto layout = core::parseSafeTensorsBytes(data, size, "fuzz.safetensors");
        for (const auto& e : layout.entries)
            require(e.begin <= e.end && layout.dataStart + e.end <= size, "tensor bytes inside the file");
    });
}

bool safetensorsIndex(const uint8_t* data, size_t size) {
    return expectOnlyErrors([&] {
        const auto shards = core::parseSafeTensorsIndex(core::parseJsonText(text(data, size), "fuzz.index.json"),
                                                        "fuzz.index.json");
        for (const auto& s : shards)
            require(!s.empty() && s.find('/') == std::string::npos, "shard names are plain file names");
    });
}

bool config(const uint8_t* data, size_t size) {
    return expectOnlyErrors([&] {
        const auto c = core::ModelConfig::fromJson(core::parseJsonText(text(data, size), "config.json"), "config.json");
        require(c.numLayers > 0 && c.hiddenSize > 0, "an accepted config has layers and a width");
    });
}

bool tokenizer(const uint8_t* data, size_t size) {
    return expectOnlyErrors([&] {
        const auto tok = core::Tokenizer::fromJson(core::parseJsonText(text(data, size), "tokenizer.json"),
                                                   nlohmann::json::object(), "tokenizer.json");
        for (const char* s : {"Hello wörld, 123 times!", "  <|im_start|>user\n¿Qué? 你好 \xF0\x9F\x98\x80", ""}) {
            const auto ids = tok->encode(s, true);
            (void)tok->decode(ids, false);
        }
    });
}

bool promptSet(const uint8_t* data, size_t size) {
    if (size == 0)
        return false;
    static const char* formats[] = {"jsonl", "csv", "txt"};
    return expectOnlyErrors([&] {
        const auto set = core::PromptSet::parse(text(data + 1, size - 1), formats[data[0] % 3], "fuzz.prompts");
        require(!set.items.empty(), "an accepted prompt set has prompts");
        for (const auto& p : set.items)
            require(!p.prompt.empty() || !p.ids.empty(), "every prompt has text or ids");
    });
}

bool session(const uint8_t* data, size_t size) {
    return expectOnlyErrors([&] {
        const auto s = core::Session::fromJson(core::parseJsonText(text(data, size), "fuzz.agap.json"), "fuzz.agap.json");
        const std::string once = s.serialize();
        const auto again = core::Session::fromJson(core::parseJsonText(once, "round trip"), "round trip");
        require(again.serialize() == once, "session save -> load -> save is byte-identical");
    });
}

bool results(const uint8_t* data, size_t size) {
    return expectOnlyErrors([&] {
        const auto r = core::AuditResults::fromJson(core::parseJsonText(text(data, size), "fuzz.json"), "fuzz.json");
        const std::string once = r.toJson().dump(1);
        const auto again = core::AuditResults::fromJson(core::parseJsonText(once, "round trip"), "round trip");
        require(again.toJson().dump(1) == once, "results save -> load -> save is byte-identical");
        (void)r.toCsv();
    });
}

const std::vector<NamedTarget>& targets() {
    static const std::vector<NamedTarget> all = {
        {"safetensors", safetensors}, {"safetensors_index", safetensorsIndex},
        {"config", config},           {"tokenizer", tokenizer},
        {"prompt_set", promptSet},    {"session", session},
        {"results", results},
    };
    return all;
}

} // namespace auditgap::fuzz
