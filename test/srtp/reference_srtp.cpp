// SPDX-License-Identifier: BSD-3-Clause
#include "reference_srtp.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdexcept>
#include <string>

namespace rtpsec::srtp::test {
namespace {

struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

void require(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("OpenSSL failed: ") + what);
}

int as_int(std::size_t n) {
    return static_cast<int>(n);
}

const EVP_CIPHER* aes_ctr(std::size_t key_length) {
    return key_length == 32 ? EVP_aes_256_ctr() : EVP_aes_128_ctr();
}

// AES in counter mode from a 16-byte initial counter block, applied to `data`.
Bytes aes_ctr_xor(std::span<const std::uint8_t> key, std::span<const std::uint8_t, 16> counter,
                  std::span<const std::uint8_t> data) {
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    require(ctx != nullptr, "EVP_CIPHER_CTX_new");
    require(EVP_EncryptInit_ex(ctx.get(), aes_ctr(key.size()), nullptr, key.data(),
                               counter.data()) == 1,
            "EVP_EncryptInit_ex(aes-ctr)");
    Bytes out(data.size());
    int written = 0;
    if (!data.empty()) {
        require(EVP_EncryptUpdate(ctx.get(), out.data(), &written, data.data(),
                                  as_int(data.size())) == 1,
                "EVP_EncryptUpdate(aes-ctr)");
    }
    return out;
}

std::uint32_t load32(std::span<const std::uint8_t> bytes, std::size_t at) {
    return std::uint32_t{bytes[at]} << 24 | std::uint32_t{bytes[at + 1]} << 16 |
           std::uint32_t{bytes[at + 2]} << 8 | std::uint32_t{bytes[at + 3]};
}

void append32(Bytes& out, std::uint32_t value) {
    out.push_back(static_cast<std::uint8_t>(value >> 24));
    out.push_back(static_cast<std::uint8_t>(value >> 16));
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value));
}

Bytes hmac_sha1(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data,
                std::size_t tag_length) {
    std::uint8_t digest[EVP_MAX_MD_SIZE];
    unsigned int digest_length = 0;
    require(HMAC(EVP_sha1(), key.data(), as_int(key.size()), data.data(), data.size(), digest,
                 &digest_length) != nullptr,
            "HMAC(sha1)");
    return Bytes(digest, digest + std::min<std::size_t>(tag_length, digest_length));
}

// AES-GCM seal: ciphertext || 16-byte tag.
Bytes aes_gcm_seal(std::span<const std::uint8_t> key, std::span<const std::uint8_t, 12> iv,
                   std::span<const std::uint8_t> aad, std::span<const std::uint8_t> plaintext) {
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    require(ctx != nullptr, "EVP_CIPHER_CTX_new");
    const EVP_CIPHER* cipher = key.size() == 32 ? EVP_aes_256_gcm() : EVP_aes_128_gcm();
    require(EVP_EncryptInit_ex(ctx.get(), cipher, nullptr, key.data(), iv.data()) == 1,
            "EVP_EncryptInit_ex(aes-gcm)");
    int written = 0;
    require(EVP_EncryptUpdate(ctx.get(), nullptr, &written, aad.data(), as_int(aad.size())) == 1,
            "EVP_EncryptUpdate(aad)");
    Bytes out(plaintext.size() + 16);
    if (!plaintext.empty()) {
        require(EVP_EncryptUpdate(ctx.get(), out.data(), &written, plaintext.data(),
                                  as_int(plaintext.size())) == 1,
                "EVP_EncryptUpdate(gcm)");
    }
    int final_written = 0;
    require(EVP_EncryptFinal_ex(ctx.get(), out.data() + plaintext.size(), &final_written) == 1,
            "EVP_EncryptFinal_ex(gcm)");
    require(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16,
                                out.data() + plaintext.size()) == 1,
            "EVP_CTRL_GCM_GET_TAG");
    return out;
}

// RFC 7714 §8.1 / §9.1: 12 bytes, zero-padded SSRC and index fields XOR salt.
std::array<std::uint8_t, 12> gcm_iv(std::span<const std::uint8_t> salt, std::uint32_t ssrc,
                                    std::uint32_t high, std::uint16_t low) {
    std::array<std::uint8_t, 12> iv{0,
                                    0,
                                    static_cast<std::uint8_t>(ssrc >> 24),
                                    static_cast<std::uint8_t>(ssrc >> 16),
                                    static_cast<std::uint8_t>(ssrc >> 8),
                                    static_cast<std::uint8_t>(ssrc),
                                    static_cast<std::uint8_t>(high >> 24),
                                    static_cast<std::uint8_t>(high >> 16),
                                    static_cast<std::uint8_t>(high >> 8),
                                    static_cast<std::uint8_t>(high),
                                    static_cast<std::uint8_t>(low >> 8),
                                    static_cast<std::uint8_t>(low)};
    for (std::size_t i = 0; i < iv.size(); ++i)
        iv[i] ^= salt[i];
    return iv;
}

}  // namespace

Bytes derive_session_key(std::span<const std::uint8_t> master_key,
                         std::span<const std::uint8_t> master_salt, Label label,
                         std::size_t length) {
    // x = key_id XOR master_salt, key_id = label || r (r = 0 at rate 0), right-
    // aligned in the 112-bit salt, so the label lands on octet 7; the PRF input
    // is x * 2^16 and the output the AES-CM keystream from it.
    std::array<std::uint8_t, 16> counter{};
    std::copy(master_salt.begin(), master_salt.end(), counter.begin());
    counter[7] ^= static_cast<std::uint8_t>(label);
    const Bytes zeros(length, 0);
    return aes_ctr_xor(master_key, counter, zeros);
}

ReferenceKeys derive_reference_keys(const Profile& profile,
                                    std::span<const std::uint8_t> master_key,
                                    std::span<const std::uint8_t> master_salt) {
    const std::size_t auth_length = profile.aead ? 0 : 20;  // HMAC-SHA1 key, RFC 3711 §8.2
    auto derive = [&](Label label, std::size_t length) {
        return length == 0 ? Bytes{} : derive_session_key(master_key, master_salt, label, length);
    };
    return ReferenceKeys{
        SessionKeySet{derive(Label::rtp_encryption, profile.key_length),
                      derive(Label::rtp_salt, profile.salt_length),
                      derive(Label::rtp_authentication, auth_length)},
        SessionKeySet{derive(Label::rtcp_encryption, profile.key_length),
                      derive(Label::rtcp_salt, profile.salt_length),
                      derive(Label::rtcp_authentication, auth_length)},
    };
}

Bytes aes_cm_keystream(std::span<const std::uint8_t> key, std::span<const std::uint8_t> salt,
                       std::uint32_t ssrc, std::uint64_t index, std::size_t length) {
    std::array<std::uint8_t, 16> iv{};
    std::copy(salt.begin(), salt.end(), iv.begin());  // k_s * 2^16
    for (int i = 0; i < 4; ++i)
        iv[4 + i] ^= static_cast<std::uint8_t>(ssrc >> (24 - 8 * i));
    for (int i = 0; i < 6; ++i)
        iv[8 + i] ^= static_cast<std::uint8_t>(index >> (40 - 8 * i));
    const Bytes zeros(length, 0);
    return aes_ctr_xor(key, iv, zeros);
}

std::size_t rtp_header_length(std::span<const std::uint8_t> rtp) {
    std::size_t length = 12 + 4 * std::size_t{rtp[0] & 0x0fu};
    if (rtp[0] & 0x10u) {
        const std::size_t words = std::size_t{rtp[length + 2]} << 8 | rtp[length + 3];
        length += 4 + 4 * words;
    }
    return length;
}

Bytes reference_protect_rtp(const Profile& profile, const SessionKeySet& keys,
                            std::span<const std::uint8_t> rtp, std::uint32_t roc) {
    const std::size_t header = rtp_header_length(rtp);
    const std::uint16_t seq = static_cast<std::uint16_t>(rtp[2] << 8 | rtp[3]);
    const std::uint32_t ssrc = load32(rtp, 8);
    const auto header_bytes = rtp.first(header);
    const auto payload = rtp.subspan(header);

    Bytes out(header_bytes.begin(), header_bytes.end());
    if (profile.aead) {
        // RFC 7714 §8.1 IV from SSRC, ROC and SEQ; §8.2 the header is the AAD.
        const auto iv = gcm_iv(keys.salt, ssrc, roc, seq);
        const Bytes sealed = aes_gcm_seal(keys.encryption, iv, header_bytes, payload);
        out.insert(out.end(), sealed.begin(), sealed.end());
        return out;
    }
    // RFC 3711 §3.3: index i = 2^16 * ROC + SEQ; §4.1.1 encrypts the payload;
    // §4.2 authenticates header || ciphertext || ROC.
    const std::uint64_t index = std::uint64_t{roc} << 16 | seq;
    const Bytes stream = aes_cm_keystream(keys.encryption, keys.salt, ssrc, index, payload.size());
    for (std::size_t i = 0; i < payload.size(); ++i)
        out.push_back(payload[i] ^ stream[i]);
    Bytes authenticated = out;
    append32(authenticated, roc);
    const Bytes tag = hmac_sha1(keys.authentication, authenticated, profile.rtp_tag_length);
    out.insert(out.end(), tag.begin(), tag.end());
    return out;
}

Bytes reference_protect_rtcp(const Profile& profile, const SessionKeySet& keys,
                             std::span<const std::uint8_t> rtcp, std::uint32_t index) {
    const std::uint32_t ssrc = load32(rtcp, 4);
    const auto header = rtcp.first(8);
    const auto body = rtcp.subspan(8);
    const std::uint32_t e_and_index = 0x80000000u | index;

    Bytes out(header.begin(), header.end());
    if (profile.aead) {
        // RFC 7714 §9.1 IV; §9.2 AAD = first 8 octets || ESRTCP word, and the
        // packet is header || ciphertext || tag || ESRTCP word.
        const auto iv = gcm_iv(keys.salt, ssrc, index >> 16, static_cast<std::uint16_t>(index));
        Bytes aad(header.begin(), header.end());
        append32(aad, e_and_index);
        const Bytes sealed = aes_gcm_seal(keys.encryption, iv, aad, body);
        out.insert(out.end(), sealed.begin(), sealed.end());
        append32(out, e_and_index);
        return out;
    }
    // RFC 3711 §3.4: encrypt after the first 8 octets with the SRTCP index as
    // the packet index, append E || index, tag over all of that.
    const Bytes stream = aes_cm_keystream(keys.encryption, keys.salt, ssrc, index, body.size());
    for (std::size_t i = 0; i < body.size(); ++i)
        out.push_back(body[i] ^ stream[i]);
    append32(out, e_and_index);
    const Bytes tag = hmac_sha1(keys.authentication, out, profile.rtcp_tag_length);
    out.insert(out.end(), tag.begin(), tag.end());
    return out;
}

}  // namespace rtpsec::srtp::test
