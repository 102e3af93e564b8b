// SPDX-License-Identifier: BSD-3-Clause
// Published SRTP test vectors, as the documents print them.
#pragma once

namespace rtpsec::srtp::test::vectors {

// RFC 3711 Appendix B.2: AES-CM keystream, session key and salt, SSRC 0, index 0.
inline constexpr const char* b2_session_key = "2B7E151628AED2A6ABF7158809CF4F3C";
inline constexpr const char* b2_session_salt = "F0F1F2F3F4F5F6F7F8F9FAFBFCFD";
inline constexpr const char* b2_keystream_0000_0002 =
    "E03EAD0935C95E80E166B16DD92B4EB4"
    "D23513162B02D0F72A43A2FE4A5F97AB"
    "41E95B3BB0A2E8DD477901E4FCA894C0";
inline constexpr const char* b2_keystream_feff_ff01 =
    "EC8CDF7398607CB0F2D21675EA9EA1E4"
    "362B7C3C6773516318A077D7FC5073AE"
    "6A2CC3787889374FBEB4C81B17BA6C44";

// RFC 3711 Appendix B.3: key derivation (AES-128 PRF, rate 0).
inline constexpr const char* b3_master_key = "E1F97A0D3E018BE0D64FA32C06DE4139";
inline constexpr const char* b3_master_salt = "0EC675AD498AFEEBB6960B3AABE6";
inline constexpr const char* b3_cipher_key = "C61E7A93744F39EE10734AFE3FF7A087";
inline constexpr const char* b3_cipher_salt = "30CBBC08863D8C85D49DB34A9AE1";
inline constexpr const char* b3_auth_key =  // the 94 octets the RFC prints
    "CEBE321F6FF7716B6FD4AB49AF256A15"
    "6D38BAA48F0A0ACF3C34E2359E6CDBCE"
    "E049646C43D9327AD175578EF7227098"
    "6371C10C9A369AC2F94A8C5FBCDDDC25"
    "6D6E919A48B610EF17C2041E47403576"
    "6B68642C59BBFC2F34DB60DBDFB2";

// RFC 6188 §7.2: key derivation with AES_256_CM_PRF.
inline constexpr const char* rfc6188_master_key =
    "f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6";
inline constexpr const char* rfc6188_master_salt = "3b04803de51ee7c96423ab5b78d2";
inline constexpr const char* rfc6188_cipher_key =
    "5ba1064e30ec51613cad926c5a28ef731ec7fb397f70a960653caf06554cd8c4";
inline constexpr const char* rfc6188_cipher_salt = "fa31791685ca444a9e07c6c64e93";
inline constexpr const char* rfc6188_auth_key = "fd9c32d39ed5fbb5a9dc96b30818454d1313dc05";

// libsrtp's own known answers (test/srtp_driver.c, srtp_validate()), keyed
// with the RFC 3711 B.3 master key and salt: SSRC 0xcafebabe, SEQ 0x1234,
// ROC 0, first SRTCP index 1. The _32 profile's packet is the _80 one with
// the tag cut to 4 octets; SRTCP is the same for both (RFC 5764 §4.1.2).
inline constexpr const char* libsrtp_rtp_plaintext =
    "800f1234 decafbad cafebabe abababab abababab abababab abababab";
inline constexpr const char* libsrtp_srtp_sha1_80 =
    "800f1234 decafbad cafebabe 4e55dc4c e79978d8 8ca4d215 949d2402 b78d6acc 99ea179b 8dbb";
inline constexpr const char* libsrtp_srtp_sha1_32 =
    "800f1234 decafbad cafebabe 4e55dc4c e79978d8 8ca4d215 949d2402 b78d6acc";
inline constexpr const char* libsrtp_rtcp_plaintext =
    "81c8000b cafebabe abababab abababab abababab abababab";
inline constexpr const char* libsrtp_srtcp =
    "81c8000b cafebabe 7128035b e487b9bd bef89041 f977a5a8 80000001 993e08cd 54d6c123 0798";

// RFC 7714 §16 and §17: AES-GCM. The key and salt are *session* keys (the
// RFC gives no master key): 00 01 ... 0f / 00 01 ... 1f, and "Quid pro quo".
inline constexpr const char* rfc7714_key_128 = "000102030405060708090a0b0c0d0e0f";
inline constexpr const char* rfc7714_key_256 =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
inline constexpr const char* rfc7714_salt = "517569642070726f2071756f";

// §16: SSRC 0x5501a0b2, SEQ 0xf17b, ROC 0; payload "Gallia est omnis divisa in partes tres".
inline constexpr const char* rfc7714_rtp =
    "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976"
    "69736120 696e2070 61727465 73207472 6573";
inline constexpr unsigned rfc7714_rtp_roc = 0;
// §16.1.1 "Encrypted and tagged packet" (AEAD_AES_128_GCM).
inline constexpr const char* rfc7714_srtp_128 =
    "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5"
    "0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce";
// §16.2.1 "Encrypted and tagged packet" (AEAD_AES_256_GCM).
inline constexpr const char* rfc7714_srtp_256 =
    "8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa b1801238"
    "9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7 6c13";

// §17.1 / §17.2: the sender report both use, SRTCP index 0x000005d4.
inline constexpr const char* rfc7714_rtcp =
    "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61"
    "deadbeef deadbeef deadbeef deadbeef deadbeef";
inline constexpr unsigned rfc7714_srtcp_index = 0x5d4;
// §17.1 "Encrypted and tagged packet" (AEAD_AES_128_GCM).
inline constexpr const char* rfc7714_srtcp_128 =
    "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d"
    "c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872"
    "45d9eade 800005d4";
// §17.2 "Decrypting the following packet" (AEAD_AES_256_GCM).
inline constexpr const char* rfc7714_srtcp_256 =
    "81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50"
    "a2eaa5c1 110555be 8415f658 c61de047 6f1b6fad 1d1eb30c 4446839f 57ff6f6c"
    "b26ac3be 800005d4";

}  // namespace rtpsec::srtp::test::vectors
