// SPDX-License-Identifier: BSD-3-Clause
#include "hmac_sha1_auth.hpp"

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <new>
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <srtp2/auth.h>

namespace rtpsec::srtp::detail {
namespace {

// OpenSSL 3 deprecates the low-level SHA-1 calls in favour of EVP, but EVP
// cannot copy a digest state without allocating (the provider's dupctx), and
// the saved ipad/opad states are the point of this type.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
void sha1_init(SHA_CTX& ctx) {
    SHA1_Init(&ctx);
}
void sha1_update(SHA_CTX& ctx, const void* data, std::size_t length) {
    SHA1_Update(&ctx, data, length);
}
void sha1_final(SHA_CTX& ctx, std::uint8_t (&digest)[SHA_DIGEST_LENGTH]) {
    SHA1_Final(digest, &ctx);
}
#pragma GCC diagnostic pop

constexpr int digest_length = SHA_DIGEST_LENGTH;  // 20
constexpr std::size_t block_length = SHA_CBLOCK;  // 64

// RFC 2104 §2: H(K XOR opad, H(K XOR ipad, text)). `inner` and `outer` are
// the states after the one padded-key block each; `work` and `finish` are
// the current packet's copies of them.
struct HmacState {
    SHA_CTX inner;
    SHA_CTX outer;
    SHA_CTX work;
    SHA_CTX finish;
};

HmacState& state_of(void* state) {
    return *static_cast<HmacState*>(state);
}

extern const srtp_auth_type_t hmac_sha1_type;

srtp_err_status_t alloc(srtp_auth_t** auth, int key_length, int tag_length) {
    if (key_length < 0 || tag_length < 0 || tag_length > digest_length)
        return srtp_err_status_bad_param;
    auto* state = new (std::nothrow) HmacState{};
    auto* made = new (std::nothrow) srtp_auth_t{};
    if (state == nullptr || made == nullptr) {
        delete state;
        delete made;
        return srtp_err_status_alloc_fail;
    }
    made->type = &hmac_sha1_type;
    made->state = state;
    made->out_len = tag_length;
    made->key_len = key_length;
    made->prefix_len = 0;
    *auth = made;
    return srtp_err_status_ok;
}

srtp_err_status_t dealloc(srtp_auth_t* auth) {
    if (auth == nullptr) return srtp_err_status_ok;
    if (auto* state = static_cast<HmacState*>(auth->state)) {
        OPENSSL_cleanse(state, sizeof *state);  // key-equivalent midstates
        delete state;
    }
    delete auth;
    return srtp_err_status_ok;
}

srtp_err_status_t init(void* raw, const std::uint8_t* key, int key_length) {
    if (key_length < 0 || (key_length > 0 && key == nullptr)) return srtp_err_status_bad_param;
    HmacState& state = state_of(raw);
    // RFC 2104 §2: a key longer than the block is hashed first, a shorter
    // one padded with zeros.
    std::uint8_t padded[block_length] = {};
    const auto length = static_cast<std::size_t>(key_length);
    if (length > block_length) {
        std::uint8_t hashed[digest_length];
        SHA_CTX ctx;
        sha1_init(ctx);
        sha1_update(ctx, key, length);
        sha1_final(ctx, hashed);
        std::memcpy(padded, hashed, sizeof hashed);
        OPENSSL_cleanse(hashed, sizeof hashed);
        OPENSSL_cleanse(&ctx, sizeof ctx);
    } else if (length > 0) {
        std::memcpy(padded, key, length);
    }
    for (std::uint8_t& byte : padded)
        byte ^= 0x36;
    sha1_init(state.inner);
    sha1_update(state.inner, padded, block_length);
    for (std::uint8_t& byte : padded)
        byte ^= 0x36 ^ 0x5c;
    sha1_init(state.outer);
    sha1_update(state.outer, padded, block_length);
    OPENSSL_cleanse(padded, sizeof padded);
    state.work = state.inner;
    return srtp_err_status_ok;
}

srtp_err_status_t start(void* raw) {
    HmacState& state = state_of(raw);
    state.work = state.inner;
    return srtp_err_status_ok;
}

srtp_err_status_t update(void* raw, const std::uint8_t* message, int length) {
    if (length < 0) return srtp_err_status_bad_param;
    sha1_update(state_of(raw).work, message, static_cast<std::size_t>(length));
    return srtp_err_status_ok;
}

srtp_err_status_t compute(void* raw, const std::uint8_t* message, int length, int tag_length,
                          std::uint8_t* tag) {
    if (length < 0 || tag_length < 0 || tag_length > digest_length)
        return srtp_err_status_bad_param;
    HmacState& state = state_of(raw);
    std::uint8_t digest[digest_length];
    sha1_update(state.work, message, static_cast<std::size_t>(length));
    sha1_final(state.work, digest);
    state.finish = state.outer;
    sha1_update(state.finish, digest, sizeof digest);
    sha1_final(state.finish, digest);
    // RFC 3711 §4.2.1: the tag is the leftmost tag_length octets.
    std::memcpy(tag, digest, static_cast<std::size_t>(tag_length));
    return srtp_err_status_ok;
}

// Self-test data: RFC 2202 §3, test cases 1 to 7 (6 and 7 with keys longer
// than a block; 5 also cut to 96 bits, as SRTP cuts tags). libsrtp runs
// these and its own known answer against this type before it replaces the
// stock one.
template <std::size_t N>
constexpr std::array<std::uint8_t, N> repeated(std::uint8_t byte) {
    std::array<std::uint8_t, N> out{};
    out.fill(byte);
    return out;
}
template <std::size_t N>
constexpr std::array<std::uint8_t, N - 1> text(const char (&s)[N]) {
    std::array<std::uint8_t, N - 1> out{};
    for (std::size_t i = 0; i + 1 < N; ++i)
        out[i] = static_cast<std::uint8_t>(s[i]);
    return out;
}

constexpr auto key_1 = repeated<20>(0x0b);
constexpr auto data_1 = text("Hi There");
constexpr std::uint8_t tag_1[] = {0xb6, 0x17, 0x31, 0x86, 0x55, 0x05, 0x72, 0x64, 0xe2, 0x8b,
                                  0xc0, 0xb6, 0xfb, 0x37, 0x8c, 0x8e, 0xf1, 0x46, 0xbe, 0x00};
constexpr auto key_2 = text("Jefe");
constexpr auto data_2 = text("what do ya want for nothing?");
constexpr std::uint8_t tag_2[] = {0xef, 0xfc, 0xdf, 0x6a, 0xe5, 0xeb, 0x2f, 0xa2, 0xd2, 0x74,
                                  0x16, 0xd5, 0xf1, 0x84, 0xdf, 0x9c, 0x25, 0x9a, 0x7c, 0x79};
constexpr auto key_3 = repeated<20>(0xaa);
constexpr auto data_3 = repeated<50>(0xdd);
constexpr std::uint8_t tag_3[] = {0x12, 0x5d, 0x73, 0x42, 0xb9, 0xac, 0x11, 0xcd, 0x91, 0xa3,
                                  0x9a, 0xf4, 0x8a, 0xa1, 0x7b, 0x4f, 0x63, 0xf1, 0x75, 0xd3};
constexpr std::uint8_t key_4[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
                                  0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12,
                                  0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19};
constexpr auto data_4 = repeated<50>(0xcd);
constexpr std::uint8_t tag_4[] = {0x4c, 0x90, 0x07, 0xf4, 0x02, 0x62, 0x50, 0xc6, 0xbc, 0x84,
                                  0x14, 0xf9, 0xbf, 0x50, 0xc8, 0x6c, 0x2d, 0x72, 0x35, 0xda};
constexpr auto key_5 = repeated<20>(0x0c);
constexpr auto data_5 = text("Test With Truncation");
constexpr std::uint8_t tag_5[] = {0x4c, 0x1a, 0x03, 0x42, 0x4b, 0x55, 0xe0, 0x7f, 0xe7, 0xf2,
                                  0x7b, 0xe1, 0xd5, 0x8b, 0xb9, 0x32, 0x4a, 0x9a, 0x5a, 0x04};
constexpr auto key_6_7 = repeated<80>(0xaa);
constexpr auto data_6 = text("Test Using Larger Than Block-Size Key - Hash Key First");
constexpr std::uint8_t tag_6[] = {0xaa, 0x4a, 0xe5, 0xe1, 0x52, 0x72, 0xd0, 0x0e, 0x95, 0x70,
                                  0x56, 0x37, 0xce, 0x8a, 0x3b, 0x55, 0xed, 0x40, 0x21, 0x12};
constexpr auto data_7 =
    text("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data");
constexpr std::uint8_t tag_7[] = {0xe8, 0xe9, 0x9d, 0x0f, 0x45, 0x23, 0x7d, 0x78, 0x6d, 0x6b,
                                  0xba, 0xa7, 0x96, 0x5c, 0x78, 0x08, 0xbb, 0xff, 0x1a, 0x91};

template <typename Key, typename Data>
constexpr srtp_auth_test_case_t rfc2202_case(const Key& key, const Data& data,
                                             const std::uint8_t* tag, int tag_length,
                                             const srtp_auth_test_case_t* next) {
    return {static_cast<int>(std::size(key)),
            std::data(key),
            static_cast<int>(std::size(data)),
            std::data(data),
            tag_length,
            tag,
            next};
}
constexpr srtp_auth_test_case_t case_7 = rfc2202_case(key_6_7, data_7, tag_7, 20, nullptr);
constexpr srtp_auth_test_case_t case_6 = rfc2202_case(key_6_7, data_6, tag_6, 20, &case_7);
constexpr srtp_auth_test_case_t case_5_96 = rfc2202_case(key_5, data_5, tag_5, 12, &case_6);
constexpr srtp_auth_test_case_t case_5 = rfc2202_case(key_5, data_5, tag_5, 20, &case_5_96);
constexpr srtp_auth_test_case_t case_4 = rfc2202_case(key_4, data_4, tag_4, 20, &case_5);
constexpr srtp_auth_test_case_t case_3 = rfc2202_case(key_3, data_3, tag_3, 20, &case_4);
constexpr srtp_auth_test_case_t case_2 = rfc2202_case(key_2, data_2, tag_2, 20, &case_3);
constexpr srtp_auth_test_case_t case_1 = rfc2202_case(key_1, data_1, tag_1, 20, &case_2);

const srtp_auth_type_t hmac_sha1_type = {alloc,
                                         dealloc,
                                         init,
                                         compute,
                                         update,
                                         start,
                                         "HMAC-SHA1 on saved OpenSSL SHA-1 states (rtpsec)",
                                         &case_1,
                                         SRTP_HMAC_SHA1};

std::atomic<bool> installed{false};

}  // namespace

srtp_err_status_t install_hmac_sha1_auth() {
    const srtp_err_status_t status = srtp_replace_auth_type(&hmac_sha1_type, SRTP_HMAC_SHA1);
    if (status != srtp_err_status_ok) return status;
    installed.store(true, std::memory_order_release);
    return srtp_err_status_ok;
}

bool hmac_sha1_auth_installed() noexcept {
    return installed.load(std::memory_order_acquire);
}

}  // namespace rtpsec::srtp::detail
