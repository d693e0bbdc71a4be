#include "engine/Requests.h"

namespace auditgap::core {

const char* channelName(Channel c) {
    switch (c) {
    case Channel::Load: return "load";
    case Channel::Hash: return "hash";
    case Channel::Gradients: return "gradients";
    case Channel::Estimate: return "estimate";
    case Channel::Refine: return "refine";
    case Channel::FineTune: return "finetune";
    case Channel::Grid: return "grid";
    case Channel::Audit: return "audit";
    case Channel::Dissociate: return "dissociate";
    case Channel::Judge: return "judge";
    case Channel::Probe: return "probe";
    case Channel::Patch: return "patch";
    }
    return "?";
}

std::string ChannelKey::name() const {
    std::string n = std::string(channelName(channel)) + ":" + static_cast<char>('A' + slot);
    if (hook >= 0) n += ":" + std::to_string(hook);
    return n;
}

} // namespace auditgap::core
