// SPDX-License-Identifier: BSD-3-Clause
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <string_view>
#include <system_error>

#include <rtpsec/dtls/certificate.hpp>

#include "certificate_impl.hpp"
#include "openssl_error.hpp"

namespace rtpsec::dtls {
namespace {

using detail::BignumPtr;
using detail::BioPtr;
using detail::EvpPkeyPtr;
using detail::X509Ptr;

[[noreturn]] void fail(std::string message) {
    const auto reason = detail::take_openssl_errors();
    if (!reason.empty()) message += " (OpenSSL: " + reason + ")";
    throw CertificateError(message);
}

const EVP_MD* digest_for(HashAlgorithm algorithm) {
    switch (algorithm) {
        case HashAlgorithm::md2:
            return nullptr;  // not in OpenSSL 3's default provider
        case HashAlgorithm::md5:
            return EVP_md5();
        case HashAlgorithm::sha1:
            return EVP_sha1();
        case HashAlgorithm::sha224:
            return EVP_sha224();
        case HashAlgorithm::sha256:
            return EVP_sha256();
        case HashAlgorithm::sha384:
            return EVP_sha384();
        case HashAlgorithm::sha512:
            return EVP_sha512();
    }
    return nullptr;
}

std::vector<std::uint8_t> der_of(X509* certificate) {
    const int size = i2d_X509(certificate, nullptr);
    if (size <= 0) fail("cannot encode the certificate as DER");
    std::vector<std::uint8_t> der(static_cast<std::size_t>(size));
    unsigned char* out = der.data();
    if (i2d_X509(certificate, &out) != size) fail("cannot encode the certificate as DER");
    return der;
}

Fingerprint required_fingerprint(X509* certificate, HashAlgorithm algorithm) {
    auto fingerprint = detail::fingerprint_of(certificate, algorithm);
    if (!fingerprint) fail("cannot compute the certificate's fingerprint");
    return *fingerprint;
}

EvpPkeyPtr generate_key(KeyType type) {
    EvpPkeyPtr key;
    switch (type) {
        case KeyType::ecdsa_p256:
            key.reset(EVP_EC_gen("P-256"));
            break;
        case KeyType::rsa_2048:
            key.reset(EVP_RSA_gen(2048));
            break;
        case KeyType::rsa_4096:
            key.reset(EVP_RSA_gen(4096));
            break;
    }
    if (!key) fail("cannot generate a " + std::string(key_type_name(type)) + " key");
    return key;
}

// RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; browsers and
// CAs use at least 64 random bits so two certificates never share one.
void set_random_serial(X509* certificate) {
    BignumPtr serial(BN_new());
    if (!serial || !BN_rand(serial.get(), 128, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) ||
        !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate))) {
        fail("cannot set a random certificate serial number");
    }
}

void set_name(X509* certificate, const std::string& common_name) {
    X509_NAME* name = X509_get_subject_name(certificate);
    if (!X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                    reinterpret_cast<const unsigned char*>(common_name.data()),
                                    static_cast<int>(common_name.size()), -1, 0) ||
        !X509_set_issuer_name(certificate, name)) {
        fail("cannot set the certificate name \"" + common_name + "\"");
    }
}

void set_validity(X509* certificate, std::chrono::seconds lifetime) {
    constexpr long clock_skew_allowance = 24 * 60 * 60;
    if (lifetime.count() > std::numeric_limits<long>::max() / 2) {
        throw CertificateError("certificate lifetime is too long");
    }
    if (!X509_gmtime_adj(X509_getm_notBefore(certificate), -clock_skew_allowance) ||
        !X509_gmtime_adj(X509_getm_notAfter(certificate), static_cast<long>(lifetime.count()))) {
        fail("cannot set the certificate validity (lifetime too long?)");
    }
}

std::string read_file(const std::filesystem::path& path, std::string_view what) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw CertificateError("cannot read " + std::string(what) + " file " + path.string() +
                               ": it is a directory");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw CertificateError("cannot read " + std::string(what) + " file " + path.string() +
                               ": " + std::generic_category().message(errno));
    }
    std::string contents((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        throw CertificateError("cannot read " + std::string(what) + " file " + path.string() +
                               ": read error");
    }
    return contents;
}

BioPtr memory_bio(const std::string& contents) {
    BioPtr bio(BIO_new_mem_buf(contents.data(), static_cast<int>(contents.size())));
    if (!bio) fail("out of memory");
    return bio;
}

// We never prompt for a passphrase: OpenSSL's default callback would read the
// terminal of a server process. Failing here also tells us the key is encrypted.
int refuse_passphrase(char*, int, int, void* asked) {
    *static_cast<bool*>(asked) = true;
    return -1;
}

X509Ptr parse_certificate(const std::string& pem, const std::filesystem::path& path) {
    auto bio = memory_bio(pem);
    bool asked = false;
    X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, refuse_passphrase, &asked));
    if (certificate) return certificate;
    detail::clear_openssl_errors();
    if (pem.find("-----BEGIN") == std::string::npos) {
        throw CertificateError("certificate file " + path.string() +
                               " is not PEM (no -----BEGIN CERTIFICATE----- line); convert a "
                               "DER file with: openssl x509 -inform DER -in " +
                               path.string() + " -out cert.pem");
    }
    throw CertificateError("certificate file " + path.string() +
                           " holds no readable PEM certificate (expected a -----BEGIN "
                           "CERTIFICATE----- block)");
}

EvpPkeyPtr parse_private_key(std::string& pem, const std::filesystem::path& path) {
    auto bio = memory_bio(pem);
    bool asked = false;
    EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse_passphrase, &asked));
    OPENSSL_cleanse(pem.data(), pem.size());
    if (key) return key;
    detail::clear_openssl_errors();
    if (asked) {
        throw CertificateError("private key file " + path.string() +
                               " is encrypted; rtpsec never prompts for a passphrase: write an "
                               "unencrypted copy with: openssl pkey -in " +
                               path.string() + " -out key.pem");
    }
    throw CertificateError("private key file " + path.string() +
                           " holds no readable PEM private key (expected a -----BEGIN PRIVATE "
                           "KEY----- block)");
}

// The key kinds our cipher suites (ECDHE-ECDSA, ECDHE-RSA) and KeyType cover.
KeyType classify_key(EVP_PKEY* key, const std::filesystem::path& path) {
    const int id = EVP_PKEY_get_base_id(key);
    if (id == EVP_PKEY_EC) {
        char group[64] = {};
        std::size_t length = 0;
        if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                           &length) &&
            std::string_view(group, length) == "prime256v1") {
            return KeyType::ecdsa_p256;
        }
        detail::clear_openssl_errors();
        throw CertificateError("unsupported key in " + path.string() + ": EC curve " +
                               std::string(group, length) +
                               "; use an ECDSA P-256, RSA-2048 or RSA-4096 key");
    }
    if (id == EVP_PKEY_RSA) {
        const int bits = EVP_PKEY_get_bits(key);
        if (bits == 2048) return KeyType::rsa_2048;
        if (bits == 4096) return KeyType::rsa_4096;
        throw CertificateError("unsupported key in " + path.string() + ": RSA-" +
                               std::to_string(bits) +
                               "; use an ECDSA P-256, RSA-2048 or RSA-4096 key");
    }
    const char* name = EVP_PKEY_get0_type_name(key);
    throw CertificateError("unsupported key in " + path.string() + ": " +
                           (name ? name : "unknown type") +
                           "; use an ECDSA P-256, RSA-2048 or RSA-4096 key");
}

}  // namespace

std::string_view key_type_name(KeyType type) {
    switch (type) {
        case KeyType::ecdsa_p256:
            return "ECDSA P-256";
        case KeyType::rsa_2048:
            return "RSA-2048";
        case KeyType::rsa_4096:
            return "RSA-4096";
    }
    return "unknown key type";
}

Certificate::Impl::Impl(detail::X509Ptr certificate, detail::EvpPkeyPtr private_key,
                        KeyType key_type)
    : certificate_(std::move(certificate)),
      private_key_(std::move(private_key)),
      key_type_(key_type),
      der_(der_of(certificate_.get())),
      sha256_(required_fingerprint(certificate_.get(), HashAlgorithm::sha256)) {}

namespace detail {

std::optional<Fingerprint> fingerprint_of(X509* certificate, HashAlgorithm algorithm) {
    const EVP_MD* md = digest_for(algorithm);
    if (md == nullptr) return std::nullopt;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!X509_digest(certificate, md, digest, &length) || length != digest_size(algorithm)) {
        clear_openssl_errors();
        return std::nullopt;
    }
    return Fingerprint(algorithm, std::span<const std::uint8_t>(digest, length));
}

}  // namespace detail

Certificate Certificate::generate(const CertificateOptions& options) {
    if (options.lifetime <= std::chrono::seconds::zero()) {
        throw CertificateError("certificate lifetime must be positive");
    }
    if (options.common_name.empty()) {
        throw CertificateError("certificate common name must not be empty");
    }
    auto key = generate_key(options.key_type);
    X509Ptr certificate(X509_new());
    if (!certificate) fail("out of memory");
    if (!X509_set_version(certificate.get(), X509_VERSION_3)) fail("cannot set version");
    set_random_serial(certificate.get());
    set_name(certificate.get(), options.common_name);
    set_validity(certificate.get(), options.lifetime);
    if (!X509_set_pubkey(certificate.get(), key.get())) fail("cannot set the public key");
    if (X509_sign(certificate.get(), key.get(), EVP_sha256()) <= 0) {
        fail("cannot sign the certificate");
    }
    return Certificate(
        std::make_shared<const Impl>(std::move(certificate), std::move(key), options.key_type));
}

Certificate Certificate::load_pem(const std::filesystem::path& certificate_path,
                                  const std::filesystem::path& private_key_path) {
    const auto certificate_text = read_file(certificate_path, "certificate");
    auto key_text = read_file(private_key_path, "private key");
    auto certificate = parse_certificate(certificate_text, certificate_path);
    auto key = parse_private_key(key_text, private_key_path);
    const KeyType type = classify_key(key.get(), private_key_path);
    if (X509_check_private_key(certificate.get(), key.get()) != 1) {
        detail::clear_openssl_errors();
        throw CertificateError("private key in " + private_key_path.string() +
                               " does not match the certificate in " + certificate_path.string() +
                               "; pass the key the certificate was issued for");
    }
    return Certificate(std::make_shared<const Impl>(std::move(certificate), std::move(key), type));
}

Fingerprint Certificate::fingerprint(HashAlgorithm algorithm) const {
    if (algorithm == HashAlgorithm::sha256) return impl_->sha256();
    auto fingerprint = detail::fingerprint_of(impl_->x509(), algorithm);
    if (!fingerprint) {
        throw std::invalid_argument("cannot compute a " +
                                    std::string(hash_algorithm_name(algorithm)) +
                                    " fingerprint with this OpenSSL");
    }
    return *fingerprint;
}

KeyType Certificate::key_type() const {
    return impl_->key_type();
}

std::string Certificate::certificate_pem() const {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || !PEM_write_bio_X509(bio.get(), impl_->x509())) fail("cannot write the PEM");
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

SecretBytes Certificate::private_key_pem() const {
    // The secure-memory BIO wipes its buffer when freed.
    BioPtr bio(BIO_new(BIO_s_secmem()));
    if (!bio || !PEM_write_bio_PrivateKey(bio.get(), impl_->private_key(), nullptr, nullptr, 0,
                                          nullptr, nullptr)) {
        fail("cannot write the private key PEM");
    }
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return SecretBytes(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data),
                                                     static_cast<std::size_t>(size)));
}

std::span<const std::uint8_t> Certificate::certificate_der() const {
    return impl_->der();
}

}  // namespace rtpsec::dtls
