// SPDX-License-Identifier: BSD-3-Clause
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <random>
#include <string>

#include <rtpsec/dtls/certificate.hpp>

using rtpsec::dtls::Certificate;
using rtpsec::dtls::CertificateError;
using rtpsec::dtls::CertificateOptions;
using rtpsec::dtls::Fingerprint;
using rtpsec::dtls::HashAlgorithm;
using rtpsec::dtls::KeyType;

namespace {

const std::filesystem::path certificates =
    std::filesystem::path(RTPSEC_TEST_DATA_DIR) / "certificates";

// A scratch directory removed when the test ends.
class TemporaryDirectory {
  public:
    TemporaryDirectory() {
        std::random_device random;
        path_ = std::filesystem::temp_directory_path() /
                ("rtpsec-certificate-test-" + std::to_string(random()));
        std::filesystem::create_directories(path_);
    }
    ~TemporaryDirectory() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::filesystem::path write(const std::string& name, std::string_view contents) const {
        const auto file = path_ / name;
        std::ofstream(file, std::ios::binary)
            .write(contents.data(), std::streamsize(contents.size()));
        return file;
    }

  private:
    std::filesystem::path path_;
};

struct X509Deleter {
    void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;

// Parses our PEM with OpenSSL directly: the checks below do not trust our code.
X509Ptr parse_with_openssl(const std::string& pem) {
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    X509Ptr x(PEM_read_bio_X509(bio, nullptr, nullptr, nullptr));
    BIO_free(bio);
    REQUIRE(x);
    return x;
}

Fingerprint parse_fingerprint(std::string_view text) {
    std::error_code ec;
    auto fp = Fingerprint::parse(text, ec);
    REQUIRE(fp);
    return *fp;
}

std::string error_of(const std::filesystem::path& cert, const std::filesystem::path& key) {
    try {
        Certificate::load_pem(cert, key);
    } catch (const CertificateError& e) {
        return e.what();
    }
    FAIL("load_pem accepted " << cert << " with " << key);
    return {};
}

// Seconds from now to an ASN1_TIME (negative in the past).
long seconds_from_now(const ASN1_TIME* time) {
    int days = 0, seconds = 0;
    REQUIRE(ASN1_TIME_diff(&days, &seconds, nullptr, time));
    return long{days} * 86400 + seconds;
}

}  // namespace

TEST_CASE("fingerprints of a PEM certificate equal what the openssl CLI prints") {
    const auto cert = Certificate::load_pem(certificates / "ecdsa_p256_cert.pem",
                                            certificates / "ecdsa_p256_key.pem");
    CHECK(cert.key_type() == KeyType::ecdsa_p256);
    CHECK(cert.fingerprint() ==
          parse_fingerprint("sha-256 14:D5:12:CD:B8:48:EA:F1:69:CD:01:8F:17:E5:9B:17:DD:3A:94:74:"
                            "25:31:0E:33:BC:47:EF:3C:64:A4:DA:3C"));
    CHECK(cert.fingerprint(HashAlgorithm::sha1) ==
          parse_fingerprint("sha-1 76:4E:49:9B:9B:0B:27:3D:0D:03:37:8C:79:6B:9D:7C:2D:51:95:79"));
    CHECK(cert.fingerprint(HashAlgorithm::sha512).to_string() ==
          "sha-512 4E:58:B6:7D:5B:CC:AE:52:C2:0B:19:B0:0B:AC:84:BD:2D:85:67:9B:5D:ED:E7:CD:5D:83:"
          "90:B3:9E:39:D2:FF:CB:03:C6:8E:E5:C8:11:91:BC:20:85:18:6D:D4:FC:76:8F:75:78:08:28:25:03:"
          "07:EC:8A:B1:B7:8B:0C:66:DC");
    CHECK(cert.fingerprint(HashAlgorithm::sha224).digest().size() == 28);
    CHECK(cert.fingerprint(HashAlgorithm::sha384).digest().size() == 48);

    const auto rsa = Certificate::load_pem(certificates / "rsa_2048_cert.pem",
                                           certificates / "rsa_2048_key.pem");
    CHECK(rsa.key_type() == KeyType::rsa_2048);
    CHECK(rsa.fingerprint().to_string() ==
          "sha-256 72:9D:88:77:24:24:1D:AA:00:4F:A8:96:5A:8A:36:78:3F:69:A4:EF:99:45:12:EE:5A:28:"
          "80:69:EE:87:30:12");
}

TEST_CASE("the DER a fingerprint covers is the certificate's DER encoding") {
    const auto cert = Certificate::load_pem(certificates / "ecdsa_p256_cert.pem",
                                            certificates / "ecdsa_p256_key.pem");
    std::ifstream in(certificates / "ecdsa_p256_cert.der", std::ios::binary);
    const std::vector<std::uint8_t> der((std::istreambuf_iterator<char>(in)),
                                        std::istreambuf_iterator<char>());
    REQUIRE(!der.empty());
    const auto ours = cert.certificate_der();
    CHECK(std::vector<std::uint8_t>(ours.begin(), ours.end()) == der);
}

TEST_CASE("md2 cannot be computed and says so; md5 can but is never trusted") {
    const auto cert = Certificate::generate();
    CHECK_THROWS_AS(cert.fingerprint(HashAlgorithm::md2), std::invalid_argument);
    CHECK(cert.fingerprint(HashAlgorithm::md5).digest().size() == 16);
}

TEST_CASE("a generated certificate is a self-signed ECDSA P-256 identity by default") {
    const auto cert = Certificate::generate();
    CHECK(cert.key_type() == KeyType::ecdsa_p256);
    const auto x = parse_with_openssl(cert.certificate_pem());

    EVP_PKEY* key = X509_get0_pubkey(x.get());
    REQUIRE(key);
    CHECK(EVP_PKEY_get_base_id(key) == EVP_PKEY_EC);
    CHECK(EVP_PKEY_get_bits(key) == 256);
    CHECK(X509_verify(x.get(), key) == 1);  // self-signed
    CHECK(X509_NAME_cmp(X509_get_subject_name(x.get()), X509_get_issuer_name(x.get())) == 0);
    CHECK(X509_get_signature_nid(x.get()) == NID_ecdsa_with_SHA256);

    char cn[64] = {};
    X509_NAME_get_text_by_NID(X509_get_subject_name(x.get()), NID_commonName, cn, sizeof cn);
    CHECK(std::string(cn) == "rtpsec");

    // The fingerprint of what we hand out is the fingerprint of what OpenSSL parses.
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    REQUIRE(X509_digest(x.get(), EVP_sha256(), digest, &length));
    CHECK(cert.fingerprint() ==
          Fingerprint(HashAlgorithm::sha256, std::span<const std::uint8_t>(digest, length)));
}

TEST_CASE("validity starts a day in the past and lasts the requested lifetime") {
    CertificateOptions options;
    options.lifetime = std::chrono::hours(24 * 7);
    const auto x = parse_with_openssl(Certificate::generate(options).certificate_pem());
    const long before = seconds_from_now(X509_get0_notBefore(x.get()));
    const long after = seconds_from_now(X509_get0_notAfter(x.get()));
    CHECK(before <= -86400 + 5);
    CHECK(before >= -86400 - 5);
    CHECK(after >= 7 * 86400 - 5);
    CHECK(after <= 7 * 86400 + 5);
}

TEST_CASE("serials are random and at least 64 bits") {
    const auto a = parse_with_openssl(Certificate::generate().certificate_pem());
    const auto b = parse_with_openssl(Certificate::generate().certificate_pem());
    BIGNUM* serial_a = ASN1_INTEGER_to_BN(X509_get0_serialNumber(a.get()), nullptr);
    BIGNUM* serial_b = ASN1_INTEGER_to_BN(X509_get0_serialNumber(b.get()), nullptr);
    CHECK(BN_num_bits(serial_a) >= 64);
    CHECK(!BN_is_negative(serial_a));
    CHECK(BN_cmp(serial_a, serial_b) != 0);
    BN_free(serial_a);
    BN_free(serial_b);
    CHECK(!(Certificate::generate().fingerprint() == Certificate::generate().fingerprint()));
}

TEST_CASE("RSA key types generate keys of the requested size") {
    CertificateOptions options;
    options.key_type = KeyType::rsa_2048;
    options.common_name = "rsa peer";
    const auto cert = Certificate::generate(options);
    CHECK(cert.key_type() == KeyType::rsa_2048);
    const auto x = parse_with_openssl(cert.certificate_pem());
    CHECK(EVP_PKEY_get_base_id(X509_get0_pubkey(x.get())) == EVP_PKEY_RSA);
    CHECK(EVP_PKEY_get_bits(X509_get0_pubkey(x.get())) == 2048);
    CHECK(X509_get_signature_nid(x.get()) == NID_sha256WithRSAEncryption);
}

TEST_CASE("invalid options are refused with a reason") {
    CertificateOptions options;
    options.lifetime = std::chrono::seconds(0);
    CHECK_THROWS_WITH(Certificate::generate(options), Catch::Contains("lifetime"));
    options = {};
    options.common_name.clear();
    CHECK_THROWS_WITH(Certificate::generate(options), Catch::Contains("common name"));
}

TEST_CASE("a saved generated identity loads back to the same fingerprint") {
    TemporaryDirectory dir;
    const auto cert = Certificate::generate();
    const auto key_pem = cert.private_key_pem();
    const std::string_view key_text(reinterpret_cast<const char*>(key_pem.data()), key_pem.size());
    CHECK(key_text.starts_with("-----BEGIN PRIVATE KEY-----"));
    CHECK(cert.certificate_pem().find("PRIVATE") == std::string::npos);
    const auto loaded = Certificate::load_pem(dir.write("c.pem", cert.certificate_pem()),
                                              dir.write("k.pem", key_text));
    CHECK(loaded.fingerprint() == cert.fingerprint());
    CHECK(loaded.key_type() == KeyType::ecdsa_p256);
}

TEST_CASE("copies share one identity") {
    const auto cert = Certificate::generate();
    const Certificate copy = cert;  // NOLINT(performance-unnecessary-copy-initialization)
    CHECK(&copy.impl() == &cert.impl());
    CHECK(copy.fingerprint() == cert.fingerprint());
}

TEST_CASE("load_pem names the missing file") {
    const auto missing = certificates / "no_such_file.pem";
    const auto message = error_of(missing, certificates / "ecdsa_p256_key.pem");
    CHECK_THAT(message, Catch::Contains("cannot read certificate file") &&
                            Catch::Contains("no_such_file.pem") &&
                            Catch::Contains("No such file or directory"));
    CHECK_THAT(error_of(certificates / "ecdsa_p256_cert.pem", missing),
               Catch::Contains("cannot read private key file"));
    CHECK_THAT(error_of(certificates, certificates / "ecdsa_p256_key.pem"),
               Catch::Contains("directory"));
}

TEST_CASE("load_pem tells DER or garbage from PEM") {
    CHECK_THAT(error_of(certificates / "ecdsa_p256_cert.der", certificates / "ecdsa_p256_key.pem"),
               Catch::Contains("is not PEM") && Catch::Contains("openssl x509 -inform DER"));
    TemporaryDirectory dir;
    const auto broken = dir.write("broken.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n");
    CHECK_THAT(error_of(broken, certificates / "ecdsa_p256_key.pem"),
               Catch::Contains("no readable PEM certificate"));
    // A certificate where the key belongs.
    CHECK_THAT(error_of(certificates / "ecdsa_p256_cert.pem", certificates / "ecdsa_p256_cert.pem"),
               Catch::Contains("no readable PEM private key"));
}

TEST_CASE("load_pem refuses a key that does not match the certificate") {
    CHECK_THAT(error_of(certificates / "ecdsa_p256_cert.pem", certificates / "rsa_2048_key.pem"),
               Catch::Contains("does not match the certificate"));
    TemporaryDirectory dir;
    const auto other = Certificate::generate().private_key_pem();
    const auto other_key = dir.write(
        "other.pem", std::string_view(reinterpret_cast<const char*>(other.data()), other.size()));
    CHECK_THAT(error_of(certificates / "ecdsa_p256_cert.pem", other_key),
               Catch::Contains("does not match the certificate"));
}

TEST_CASE("load_pem refuses an encrypted key without prompting") {
    for (const char* name :
         {"ecdsa_p256_key_encrypted.pem", "ecdsa_p256_key_encrypted_traditional.pem"}) {
        INFO(name);
        CHECK_THAT(error_of(certificates / "ecdsa_p256_cert.pem", certificates / name),
                   Catch::Contains("is encrypted") && Catch::Contains("openssl pkey"));
    }
}

TEST_CASE("load_pem refuses key types outside KeyType") {
    CHECK_THAT(error_of(certificates / "ecdsa_p384_cert.pem", certificates / "ecdsa_p384_key.pem"),
               Catch::Contains("unsupported key") && Catch::Contains("secp384r1"));
}
