// SPDX-License-Identifier: BSD-3-Clause
#include <stdexcept>
#include <string>

#include <rtpsec/context.hpp>
#include <rtpsec/endpoint/endpoint.hpp>
#include <rtpsec/endpoint/media_transport.hpp>

namespace rtpsec {
namespace {

constexpr std::size_t max_mtu = 65507;  // the largest UDP payload over IPv4

const DtlsPolicy& validated(const DtlsPolicy& policy) {
    if (policy.mtu < dtls::min_mtu || policy.mtu > max_mtu) {
        throw std::invalid_argument("DTLS MTU " + std::to_string(policy.mtu) + " is outside " +
                                    std::to_string(dtls::min_mtu) + ".." + std::to_string(max_mtu));
    }
    if (policy.srtp_profiles.empty()) {
        throw std::invalid_argument("the DTLS policy names no SRTP profile");
    }
    if (policy.cookie_secret_lifetime <= std::chrono::seconds::zero()) {
        throw std::invalid_argument("the cookie secret lifetime must be positive");
    }
    policy.retransmission.validate();
    return policy;
}

}  // namespace

Context::Context(ContextOptions options)
    : options_(std::move(options)),
      dtls_context_(std::make_shared<const dtls::Context>(validated(options_.dtls).openssl)),
      srtp_library_(options_.srtp),
      random_(options_.random ? options_.random : os_random_source()),
      wall_clock_(options_.wall_clock ? options_.wall_clock
                                      : WallClock([] { return std::chrono::system_clock::now(); })),
      logger_(options_.log, options_.log_level) {}

std::shared_ptr<const Context> Context::create(ContextOptions options) {
    // The constructor is private so that every Context is owned by a
    // shared_ptr (configurations made from it hold one).
    return std::shared_ptr<const Context>(new Context(std::move(options)));
}

dtls::EngineConfig Context::engine_config(dtls::Role role) const {
    dtls::EngineConfig config(role, options_.certificate, dtls_context_);
    config.srtp_profiles = options_.dtls.srtp_profiles;
    config.mtu = options_.dtls.mtu;
    config.retransmission = options_.dtls.retransmission;
    config.early_queue_bytes = options_.admission.early_dtls_bytes_per_peer;
    return config;
}

endpoint::TransportConfig Context::transport_config(dtls::Role role) const {
    endpoint::TransportConfig config(shared_from_this(), engine_config(role));
    config.early_packets.bytes = options_.admission.early_srtp_bytes_per_peer;
    return config;
}

endpoint::EndpointConfig Context::endpoint_config(dtls::Role role) const {
    return endpoint::EndpointConfig(transport_config(role));
}

}  // namespace rtpsec
