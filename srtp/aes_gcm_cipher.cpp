// SPDX-License-Identifier: BSD-3-Clause
#include "aes_gcm_cipher.hpp"

#include <atomic>
#include <cstdint>
#include <new>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <srtp2/cipher.h>

namespace rtpsec::srtp::detail {
namespace {

constexpr int iv_length = 12;  // RFC 7714 §8.1
constexpr int salt_length = 12;
constexpr int full_tag_length = 16;
constexpr int short_tag_length = 8;  // libsrtp's GCM-8 profiles (not DTLS-SRTP, kept for parity)

struct GcmState {
    EVP_CIPHER_CTX* ctx = nullptr;
    int key_size = 0;
    int tag_length = 0;
    srtp_cipher_direction_t direction = srtp_direction_any;
};

GcmState& state_of(void* state) {
    return *static_cast<GcmState*>(state);
}

extern const srtp_cipher_type_t aes_gcm_128_type;
extern const srtp_cipher_type_t aes_gcm_256_type;

srtp_err_status_t alloc(srtp_cipher_t** cipher, int key_length_with_salt, int tag_length) {
    const srtp_cipher_type_t* type = nullptr;
    int algorithm = 0;
    if (key_length_with_salt == SRTP_AES_GCM_128_KEY_LEN_WSALT) {
        type = &aes_gcm_128_type;
        algorithm = SRTP_AES_GCM_128;
    } else if (key_length_with_salt == SRTP_AES_GCM_256_KEY_LEN_WSALT) {
        type = &aes_gcm_256_type;
        algorithm = SRTP_AES_GCM_256;
    } else {
        return srtp_err_status_bad_param;
    }
    if (tag_length != full_tag_length && tag_length != short_tag_length)
        return srtp_err_status_bad_param;

    auto* state = new (std::nothrow) GcmState;
    auto* made = new (std::nothrow) srtp_cipher_t{};
    EVP_CIPHER_CTX* ctx = state != nullptr && made != nullptr ? EVP_CIPHER_CTX_new() : nullptr;
    if (ctx == nullptr) {
        delete state;
        delete made;
        return srtp_err_status_alloc_fail;
    }
    state->ctx = ctx;
    state->key_size = key_length_with_salt - salt_length;
    state->tag_length = tag_length;
    made->type = type;
    made->state = state;
    made->key_len = key_length_with_salt;
    made->algorithm = algorithm;
    *cipher = made;
    return srtp_err_status_ok;
}

srtp_err_status_t dealloc(srtp_cipher_t* cipher) {
    if (cipher == nullptr) return srtp_err_status_ok;
    auto* state = static_cast<GcmState*>(cipher->state);
    if (state != nullptr) EVP_CIPHER_CTX_free(state->ctx);  // cleanses the key schedule
    delete state;
    delete cipher;
    return srtp_err_status_ok;
}

srtp_err_status_t init(void* raw, const std::uint8_t* key) {
    GcmState& state = state_of(raw);
    const EVP_CIPHER* cipher = state.key_size == 16 ? EVP_aes_128_gcm() : EVP_aes_256_gcm();
    EVP_CIPHER_CTX_reset(state.ctx);
    state.direction = srtp_direction_any;
    if (EVP_CipherInit_ex(state.ctx, cipher, nullptr, key, nullptr, 1) != 1)
        return srtp_err_status_init_fail;
    // 12 is GCM's default; said once here instead of on every packet.
    if (EVP_CIPHER_CTX_ctrl(state.ctx, EVP_CTRL_GCM_SET_IVLEN, iv_length, nullptr) != 1)
        return srtp_err_status_init_fail;
    return srtp_err_status_ok;
}

srtp_err_status_t set_iv(void* raw, std::uint8_t* iv, srtp_cipher_direction_t direction) {
    GcmState& state = state_of(raw);
    if (direction != srtp_direction_encrypt && direction != srtp_direction_decrypt)
        return srtp_err_status_bad_param;
    if (direction == state.direction) {
        // The context already runs this way: hand over the whole new IV
        // (EVP_CTRL_GCM_SET_IV_FIXED with length -1). A re-init would do the
        // same, after asking the provider its IV length through a parameter
        // walk on every packet.
        OSSL_PARAM params[] = {
            OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TLS1_IV_FIXED, iv,
                                              static_cast<std::size_t>(-1)),
            OSSL_PARAM_construct_end()};
        if (EVP_CIPHER_CTX_set_params(state.ctx, params) != 1) return srtp_err_status_init_fail;
        return srtp_err_status_ok;
    }
    const int encrypt = direction == srtp_direction_encrypt ? 1 : 0;
    if (EVP_CipherInit_ex(state.ctx, nullptr, nullptr, nullptr, iv, encrypt) != 1)
        return srtp_err_status_init_fail;
    state.direction = direction;
    return srtp_err_status_ok;
}

// OpenSSL 3's GCM wants the expected tag only before the final step, so unlike
// libsrtp's version no placeholder tag is set before the AAD.
srtp_err_status_t set_aad(void* raw, const std::uint8_t* aad, std::uint32_t aad_length) {
    GcmState& state = state_of(raw);
    const int done = EVP_Cipher(state.ctx, nullptr, aad, aad_length);
    if (done < 0 || static_cast<std::uint32_t>(done) != aad_length)
        return srtp_err_status_algo_fail;
    return srtp_err_status_ok;
}

srtp_err_status_t encrypt(void* raw, std::uint8_t* buffer, unsigned int* length) {
    GcmState& state = state_of(raw);
    if (state.direction != srtp_direction_encrypt) return srtp_err_status_bad_param;
    const int done = EVP_Cipher(state.ctx, buffer, buffer, *length);
    if (done < 0 || static_cast<unsigned int>(done) != *length) return srtp_err_status_algo_fail;
    return srtp_err_status_ok;
}

srtp_err_status_t get_tag(void* raw, std::uint8_t* tag, std::uint32_t* length) {
    GcmState& state = state_of(raw);
    if (EVP_Cipher(state.ctx, nullptr, nullptr, 0) < 0) return srtp_err_status_algo_fail;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag,
                                          static_cast<std::size_t>(state.tag_length)),
        OSSL_PARAM_construct_end()};
    if (EVP_CIPHER_CTX_get_params(state.ctx, params) != 1) return srtp_err_status_algo_fail;
    *length = static_cast<std::uint32_t>(state.tag_length);
    return srtp_err_status_ok;
}

// The buffer holds ciphertext then tag; on success *length loses the tag.
srtp_err_status_t decrypt(void* raw, std::uint8_t* buffer, unsigned int* length) {
    GcmState& state = state_of(raw);
    if (state.direction != srtp_direction_decrypt) return srtp_err_status_bad_param;
    const auto tag_length = static_cast<unsigned int>(state.tag_length);
    if (*length < tag_length) return srtp_err_status_auth_fail;
    const unsigned int text_length = *length - tag_length;
    OSSL_PARAM params[] = {OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG,
                                                             buffer + text_length, tag_length),
                           OSSL_PARAM_construct_end()};
    if (EVP_CIPHER_CTX_set_params(state.ctx, params) != 1) return srtp_err_status_auth_fail;
    const int done = EVP_Cipher(state.ctx, buffer, buffer, text_length);
    if (done < 0 || static_cast<unsigned int>(done) != text_length)
        return srtp_err_status_auth_fail;
    if (EVP_Cipher(state.ctx, nullptr, nullptr, 0) != 0) return srtp_err_status_auth_fail;
    *length = text_length;
    return srtp_err_status_ok;
}

// Self-test data: RFC 7714 §16.1.1 and §16.2.1, the RTP packet with SSRC
// 0x5501a0b2, SEQ 0xf17b, ROC 0. libsrtp runs these and its own known answers
// against this type before it replaces the stock one.
constexpr std::uint8_t key_128_with_salt[SRTP_AES_GCM_128_KEY_LEN_WSALT] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
    0x0e, 0x0f, 0x51, 0x75, 0x69, 0x64, 0x20, 0x70, 0x72, 0x6f, 0x20, 0x71, 0x75, 0x6f};
constexpr std::uint8_t key_256_with_salt[SRTP_AES_GCM_256_KEY_LEN_WSALT] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
    0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d,
    0x1e, 0x1f, 0x51, 0x75, 0x69, 0x64, 0x20, 0x70, 0x72, 0x6f, 0x20, 0x71, 0x75, 0x6f};
// (00 00 || SSRC || ROC || SEQ) XOR the salt "Quid pro quo"; libsrtp's test type wants it mutable.
std::uint8_t rfc7714_iv[iv_length] = {0x51, 0x75, 0x3c, 0x65, 0x80, 0xc2,
                                      0x72, 0x6f, 0x20, 0x71, 0x84, 0x14};
constexpr std::uint8_t rfc7714_header[12] = {0x80, 0x40, 0xf1, 0x7b, 0x80, 0x41,
                                             0xf8, 0xd3, 0x55, 0x01, 0xa0, 0xb2};
constexpr std::uint8_t rfc7714_payload[38] = {
    'G', 'a', 'l', 'l', 'i', 'a', ' ', 'e', 's', 't', ' ', 'o', 'm', 'n', 'i', 's', ' ', 'd', 'i',
    'v', 'i', 's', 'a', ' ', 'i', 'n', ' ', 'p', 'a', 'r', 't', 'e', 's', ' ', 't', 'r', 'e', 's'};
constexpr std::uint8_t rfc7714_sealed_128[54] = {
    0xf2, 0x4d, 0xe3, 0xa3, 0xfb, 0x34, 0xde, 0x6c, 0xac, 0xba, 0x86, 0x1c, 0x9d, 0x7e,
    0x4b, 0xca, 0xbe, 0x63, 0x3b, 0xd5, 0x0d, 0x29, 0x4e, 0x6f, 0x42, 0xa5, 0xf4, 0x7a,
    0x51, 0xc7, 0xd1, 0x9b, 0x36, 0xde, 0x3a, 0xdf, 0x88, 0x33, 0x89, 0x9d, 0x7f, 0x27,
    0xbe, 0xb1, 0x6a, 0x91, 0x52, 0xcf, 0x76, 0x5e, 0xe4, 0x39, 0x0c, 0xce};
constexpr std::uint8_t rfc7714_sealed_256[54] = {
    0x32, 0xb1, 0xde, 0x78, 0xa8, 0x22, 0xfe, 0x12, 0xef, 0x9f, 0x78, 0xfa, 0x33, 0x2e,
    0x33, 0xaa, 0xb1, 0x80, 0x12, 0x38, 0x9a, 0x58, 0xe2, 0xf3, 0xb5, 0x0b, 0x2a, 0x02,
    0x76, 0xff, 0xae, 0x0f, 0x1b, 0xa6, 0x37, 0x99, 0xb8, 0x7b, 0x7a, 0xa3, 0xdb, 0x36,
    0xdf, 0xff, 0xd6, 0xb0, 0xf9, 0xbb, 0x78, 0x78, 0xd7, 0xa7, 0x6c, 0x13};

constexpr srtp_cipher_test_case_t rfc7714_case(int key_length, const std::uint8_t* key,
                                               const std::uint8_t* sealed) {
    return {key_length,
            key,
            rfc7714_iv,
            sizeof rfc7714_payload,
            rfc7714_payload,
            sizeof rfc7714_sealed_128,  // both: payload + 16-byte tag
            sealed,
            sizeof rfc7714_header,
            rfc7714_header,
            full_tag_length,
            nullptr};
}
const srtp_cipher_test_case_t rfc7714_128_case =
    rfc7714_case(SRTP_AES_GCM_128_KEY_LEN_WSALT, key_128_with_salt, rfc7714_sealed_128);
const srtp_cipher_test_case_t rfc7714_256_case =
    rfc7714_case(SRTP_AES_GCM_256_KEY_LEN_WSALT, key_256_with_salt, rfc7714_sealed_256);

constexpr srtp_cipher_type_t gcm_type(const char* description,
                                      const srtp_cipher_test_case_t* self_test,
                                      srtp_cipher_type_id_t id) {
    return {alloc,  dealloc, init,        set_aad,   encrypt, decrypt,
            set_iv, get_tag, description, self_test, id};
}
const srtp_cipher_type_t aes_gcm_128_type =
    gcm_type("AES-128 GCM on OpenSSL EVP (rtpsec)", &rfc7714_128_case, SRTP_AES_GCM_128);
const srtp_cipher_type_t aes_gcm_256_type =
    gcm_type("AES-256 GCM on OpenSSL EVP (rtpsec)", &rfc7714_256_case, SRTP_AES_GCM_256);

std::atomic<bool> installed{false};

}  // namespace

srtp_err_status_t install_aes_gcm_cipher() {
    srtp_err_status_t status = srtp_replace_cipher_type(&aes_gcm_128_type, SRTP_AES_GCM_128);
    if (status != srtp_err_status_ok) return status;
    status = srtp_replace_cipher_type(&aes_gcm_256_type, SRTP_AES_GCM_256);
    if (status != srtp_err_status_ok) return status;
    installed.store(true, std::memory_order_release);
    return srtp_err_status_ok;
}

bool aes_gcm_cipher_installed() noexcept {
    return installed.load(std::memory_order_acquire);
}

}  // namespace rtpsec::srtp::detail
