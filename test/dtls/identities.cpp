// SPDX-License-Identifier: BSD-3-Clause
#include "identities.hpp"

#include <array>
#include <optional>

namespace rtpsec::test {
namespace {

const dtls::Certificate& cached(std::optional<dtls::Certificate>& slot, dtls::KeyType type) {
    if (!slot) {
        dtls::CertificateOptions options;
        options.key_type = type;
        slot = dtls::Certificate::generate(options);
    }
    return *slot;
}

}  // namespace

const dtls::Certificate& ecdsa_identity(int index) {
    static std::array<std::optional<dtls::Certificate>, 2> slots;
    return cached(slots.at(static_cast<std::size_t>(index)), dtls::KeyType::ecdsa_p256);
}

const dtls::Certificate& rsa2048_identity(int index) {
    static std::array<std::optional<dtls::Certificate>, 2> slots;
    return cached(slots.at(static_cast<std::size_t>(index)), dtls::KeyType::rsa_2048);
}

const dtls::Certificate& rsa4096_identity() {
    static std::optional<dtls::Certificate> slot;
    return cached(slot, dtls::KeyType::rsa_4096);
}

std::shared_ptr<const dtls::Context> openssl_context() {
    static const auto context = std::make_shared<const dtls::Context>();
    return context;
}

dtls::EngineConfig config_for(dtls::Role role, const dtls::Certificate& mine,
                              const dtls::Certificate& peer) {
    dtls::EngineConfig config(role, mine, openssl_context());
    config.expected_peer_fingerprints = {peer.fingerprint()};
    return config;
}

}  // namespace rtpsec::test
