// SPDX-License-Identifier: BSD-3-Clause
// What a Certificate holds, for the engine: the OpenSSL certificate and key.
// Private to dtls/.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <rtpsec/dtls/certificate.hpp>
#include <rtpsec/dtls/fingerprint.hpp>

#include "openssl_handles.hpp"

namespace rtpsec::dtls {

class Certificate::Impl {
  public:
    // Takes a certificate and the private key that belongs to it.
    Impl(detail::X509Ptr certificate, detail::EvpPkeyPtr private_key, KeyType key_type);

    X509* x509() const { return certificate_.get(); }
    EVP_PKEY* private_key() const { return private_key_.get(); }
    KeyType key_type() const { return key_type_; }
    std::span<const std::uint8_t> der() const { return der_; }
    const Fingerprint& sha256() const { return sha256_; }

  private:
    detail::X509Ptr certificate_;
    detail::EvpPkeyPtr private_key_;
    KeyType key_type_;
    std::vector<std::uint8_t> der_;
    Fingerprint sha256_;
};

namespace detail {

// RFC 8122 §5: the fingerprint is the hash of the DER form of the certificate.
// nullopt when this OpenSSL cannot compute the hash (md2).
std::optional<Fingerprint> fingerprint_of_der(std::span<const std::uint8_t> der,
                                              HashAlgorithm algorithm);
// The same for a certificate the peer presented.
std::optional<Fingerprint> fingerprint_of(X509* certificate, HashAlgorithm algorithm);

}  // namespace detail
}  // namespace rtpsec::dtls
