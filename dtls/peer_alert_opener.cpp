// SPDX-License-Identifier: BSD-3-Clause
#include "peer_alert_opener.hpp"

#include <array>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <string_view>
#include <vector>

#include "openssl_error.hpp"

namespace rtpsec::dtls::detail {
namespace {

// RFC 6347 §4.1: type(1) version(2) epoch(2) sequence_number(6) length(2).
constexpr std::size_t record_header_size = 13;
constexpr std::uint8_t content_type_alert = 21;
// The only epoch after a DTLS 1.2 handshake when renegotiation is off.
constexpr unsigned established_epoch = 1;
constexpr std::size_t alert_length = 2;
constexpr std::size_t tag_length = 16;
constexpr std::size_t gcm_explicit_nonce_length = 8;
constexpr std::size_t nonce_length = 12;
constexpr std::size_t random_length = 32;  // client_random, server_random
constexpr std::string_view key_expansion_label = "key expansion";

struct EvpCipherCtxFree {
    void operator()(EVP_CIPHER_CTX* ctx) const noexcept { EVP_CIPHER_CTX_free(ctx); }
};
struct EvpKdfCtxFree {
    void operator()(EVP_KDF_CTX* ctx) const noexcept { EVP_KDF_CTX_free(ctx); }
};

unsigned read_u16(const std::uint8_t* bytes) {
    return static_cast<unsigned>(bytes[0]) << 8 | bytes[1];
}

// RFC 5246 §5 PRF(master_secret, "key expansion", server_random + client_random).
bool expand_key_block(SSL* ssl, const EVP_MD* digest, std::span<std::uint8_t> out) {
    SSL_SESSION* session = SSL_get_session(ssl);
    if (session == nullptr) return false;
    SecretBytes master(SSL_MAX_MASTER_KEY_LENGTH);
    const std::size_t master_length =
        SSL_SESSION_get_master_key(session, master.data(), master.size());
    if (master_length == 0) return false;

    std::vector<std::uint8_t> seed(key_expansion_label.begin(), key_expansion_label.end());
    seed.resize(key_expansion_label.size() + 2 * random_length);
    std::uint8_t* randoms = seed.data() + key_expansion_label.size();
    if (SSL_get_server_random(ssl, randoms, random_length) != random_length ||
        SSL_get_client_random(ssl, randoms + random_length, random_length) != random_length) {
        return false;
    }

    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_TLS1_PRF, nullptr);
    if (kdf == nullptr) return false;
    std::unique_ptr<EVP_KDF_CTX, EvpKdfCtxFree> ctx(EVP_KDF_CTX_new(kdf));
    EVP_KDF_free(kdf);
    if (!ctx) return false;
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
                                         const_cast<char*>(EVP_MD_get0_name(digest)), 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, master.data(), master_length),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, seed.data(), seed.size()),
        OSSL_PARAM_construct_end()};
    return EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) == 1;
}

}  // namespace

std::optional<PeerAlertOpener> PeerAlertOpener::derive(SSL* ssl, Role role) {
    const SSL_CIPHER* suite = SSL_get_current_cipher(ssl);
    if (suite == nullptr) return std::nullopt;
    const int nid = SSL_CIPHER_get_cipher_nid(suite);
    Aead aead = Aead::aes_gcm;
    std::size_t key_length = 0;
    std::size_t iv_length = 4;  // RFC 5288 §3: the implicit part of the GCM nonce
    switch (nid) {
        case NID_aes_128_gcm:
            key_length = 16;
            break;
        case NID_aes_256_gcm:
            key_length = 32;
            break;
        case NID_chacha20_poly1305:
            aead = Aead::chacha20_poly1305;
            key_length = 32;
            iv_length = nonce_length;  // RFC 7905 §2
            break;
        default:
            return std::nullopt;
    }
    const EVP_MD* digest = SSL_CIPHER_get_handshake_digest(suite);
    if (digest == nullptr) return std::nullopt;

    // client_write_key, server_write_key, client_write_IV, server_write_IV
    // (RFC 5246 §6.3; AEAD suites have no MAC keys).
    SecretBytes block(2 * key_length + 2 * iv_length);
    if (!expand_key_block(ssl, digest, block.span())) {
        clear_openssl_errors();
        return std::nullopt;
    }
    const bool peer_is_client = role == Role::server;
    SecretBytes key_and_iv(key_length + iv_length);
    const std::uint8_t* key = block.data() + (peer_is_client ? 0 : key_length);
    const std::uint8_t* iv = block.data() + 2 * key_length + (peer_is_client ? 0 : iv_length);
    std::copy(key, key + key_length, key_and_iv.data());
    std::copy(iv, iv + iv_length, key_and_iv.data() + key_length);
    return PeerAlertOpener(aead, nid, key_length, iv_length, std::move(key_and_iv));
}

std::optional<OpenedAlert> PeerAlertOpener::open(std::span<const std::uint8_t> datagram) const {
    std::size_t at = 0;
    while (datagram.size() - at >= record_header_size) {
        const std::size_t length = read_u16(&datagram[at + 11]);
        if (datagram.size() - at - record_header_size < length) break;  // truncated: drop the rest
        const auto record = datagram.subspan(at, record_header_size + length);
        if (auto alert = open_record(record)) return alert;
        at += record.size();
    }
    return std::nullopt;
}

std::optional<OpenedAlert> PeerAlertOpener::open_record(
    std::span<const std::uint8_t> record) const {
    if (record[0] != content_type_alert || read_u16(&record[3]) != established_epoch) {
        return std::nullopt;
    }
    const auto fragment = record.subspan(record_header_size);
    const std::size_t explicit_nonce = aead_ == Aead::aes_gcm ? gcm_explicit_nonce_length : 0;
    if (fragment.size() != explicit_nonce + alert_length + tag_length) return std::nullopt;

    std::array<std::uint8_t, nonce_length> nonce{};
    const std::uint8_t* fixed_iv = key_and_iv_.data() + key_length_;
    if (aead_ == Aead::aes_gcm) {
        std::copy(fixed_iv, fixed_iv + iv_length_, nonce.begin());
        std::copy(fragment.begin(), fragment.begin() + explicit_nonce, nonce.begin() + iv_length_);
    } else {
        // The 64-bit epoch + sequence number, left-padded to 12 bytes, XOR the IV.
        std::copy(fixed_iv, fixed_iv + nonce_length, nonce.begin());
        for (std::size_t i = 0; i < 8; ++i)
            nonce[4 + i] ^= record[3 + i];
    }
    // RFC 5246 §6.2.3.3 / RFC 6347 §4.1.2.1: seq_num (epoch + sequence),
    // type, version, plaintext length.
    std::array<std::uint8_t, 13> aad{};
    std::copy(record.begin() + 3, record.begin() + 11, aad.begin());
    aad[8] = record[0];
    aad[9] = record[1];
    aad[10] = record[2];
    aad[11] = 0;
    aad[12] = static_cast<std::uint8_t>(alert_length);

    const auto ciphertext = fragment.subspan(explicit_nonce, alert_length);
    const auto tag = fragment.subspan(explicit_nonce + alert_length, tag_length);
    std::unique_ptr<EVP_CIPHER_CTX, EvpCipherCtxFree> ctx(EVP_CIPHER_CTX_new());
    const EVP_CIPHER* cipher = EVP_get_cipherbynid(cipher_nid_);
    std::array<std::uint8_t, alert_length> plain{};
    int written = 0;
    const bool opened =
        ctx && cipher != nullptr &&
        EVP_DecryptInit_ex(ctx.get(), cipher, nullptr, key_and_iv_.data(), nonce.data()) == 1 &&
        EVP_DecryptUpdate(ctx.get(), nullptr, &written, aad.data(), aad.size()) == 1 &&
        EVP_DecryptUpdate(ctx.get(), plain.data(), &written, ciphertext.data(),
                          static_cast<int>(ciphertext.size())) == 1 &&
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag.size()),
                            const_cast<std::uint8_t*>(tag.data())) == 1 &&
        EVP_DecryptFinal_ex(ctx.get(), plain.data() + written, &written) == 1;
    clear_openssl_errors();
    if (!opened) return std::nullopt;
    return OpenedAlert{plain[0], plain[1]};
}

}  // namespace rtpsec::dtls::detail
