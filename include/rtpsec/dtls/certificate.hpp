// SPDX-License-Identifier: BSD-3-Clause
// The local DTLS identity: a certificate and its private key.
//
// Owns generation of a self-signed certificate (what WebRTC and SIP softphones
// use: the SDP fingerprint, not a CA, authenticates it — RFC 5763 §5) and
// loading a PEM certificate and key from files. A Certificate is immutable and
// cheap to copy (copies share the OpenSSL objects), so one identity can serve
// every engine of a process; it is safe to use from several threads at once.
// No OpenSSL type appears here: the engine reaches the key through the private
// implementation declared in dtls/.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include <rtpsec/common/export.hpp>
#include <rtpsec/common/secret_bytes.hpp>
#include <rtpsec/dtls/fingerprint.hpp>

namespace rtpsec::dtls {

enum class KeyType { ecdsa_p256, rsa_2048, rsa_4096 };

// "ECDSA P-256", "RSA-2048", "RSA-4096".
RTPSEC_EXPORT std::string_view key_type_name(KeyType type);

struct RTPSEC_EXPORT CertificateOptions {
    KeyType key_type = KeyType::ecdsa_p256;
    // How long the certificate is valid from now. notBefore is set one day in
    // the past, so a peer whose clock is behind ours still accepts it.
    std::chrono::seconds lifetime = std::chrono::hours(24 * 30);
    std::string common_name = "rtpsec";
};

// Thrown by generate/load_pem with a message a user can act on ("cannot read
// certificate file X: ...", "key does not match certificate", "private key is
// encrypted", ...).
class RTPSEC_EXPORT CertificateError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class RTPSEC_EXPORT Certificate {
  public:
    // A fresh key pair and a self-signed certificate over it: random 128-bit
    // serial, SHA-256 signature. Throws CertificateError if OpenSSL fails or
    // the options are invalid (lifetime not positive, empty common name).
    static Certificate generate(const CertificateOptions& options = {});

    // Loads a PEM certificate (the first one in the file) and its PEM private
    // key. The key must be unencrypted (we never prompt for a passphrase) and
    // one of the KeyType kinds. Throws CertificateError naming the file and
    // what the user can do.
    static Certificate load_pem(const std::filesystem::path& certificate,
                                const std::filesystem::path& private_key);

    // RFC 8122 §5 fingerprint over the DER certificate. sha-256 is computed
    // once at construction; other hashes are computed on each call. Throws
    // std::invalid_argument for a hash this OpenSSL cannot compute (md2).
    Fingerprint fingerprint(HashAlgorithm algorithm = HashAlgorithm::sha256) const;

    KeyType key_type() const;

    // The certificate alone ("-----BEGIN CERTIFICATE-----..."), no key.
    std::string certificate_pem() const;
    // The unencrypted PKCS#8 private key PEM, to save a generated identity for
    // reuse with load_pem; wiped when the caller drops it.
    SecretBytes private_key_pem() const;
    // The DER encoding the fingerprint is computed over.
    std::span<const std::uint8_t> certificate_der() const;

    // Opaque to users; defined in dtls/certificate_impl.hpp for the engine.
    class Impl;
    const Impl& impl() const { return *impl_; }

  private:
    explicit Certificate(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

    std::shared_ptr<const Impl> impl_;
};

}  // namespace rtpsec::dtls
