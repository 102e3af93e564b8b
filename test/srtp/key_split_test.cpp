// SPDX-License-Identifier: BSD-3-Clause
// RFC 5764 §4.2 key split against hand-worked layouts: every byte of the
// export is distinct, so a field taken from the wrong offset shows.
#include <catch2/catch.hpp>

#include <rtpsec/srtp/error.hpp>
#include <rtpsec/srtp/key_split.hpp>

#include "hex.hpp"

using namespace rtpsec::srtp;
using namespace rtpsec::srtp::test;
using rtpsec::SecretBytes;

namespace {

Bytes counting(std::size_t n) {
    Bytes bytes(n);
    for (std::size_t i = 0; i < n; ++i)
        bytes[i] = static_cast<std::uint8_t>(i);
    return bytes;
}

std::string hex(const SecretBytes& secret) {
    return to_hex(secret.span());
}

}  // namespace

TEST_CASE("key split, SRTP_AES128_CM_SHA1_80: 16-byte keys, 14-byte salts") {
    const Profile& p = *find_profile(ProfileId::aes128_cm_sha1_80);
    const Bytes exported = counting(60);  // 00 01 ... 3b
    // client key | server key | client salt | server salt, worked out by hand:
    const std::string client_key = "000102030405060708090a0b0c0d0e0f";
    const std::string server_key = "101112131415161718191a1b1c1d1e1f";
    const std::string client_salt = "202122232425262728292a2b2c2d";
    const std::string server_salt = "2e2f303132333435363738393a3b";

    const SessionKeys client = split_keying_material(p, exported, DtlsRole::client);
    CHECK(hex(client.local.key) == client_key);
    CHECK(hex(client.local.salt) == client_salt);
    CHECK(hex(client.remote.key) == server_key);
    CHECK(hex(client.remote.salt) == server_salt);

    const SessionKeys server = split_keying_material(p, exported, DtlsRole::server);
    CHECK(hex(server.local.key) == server_key);
    CHECK(hex(server.local.salt) == server_salt);
    CHECK(hex(server.remote.key) == client_key);
    CHECK(hex(server.remote.salt) == client_salt);
}

TEST_CASE("key split, SRTP_AEAD_AES_256_GCM: 32-byte keys, 12-byte salts") {
    const Profile& p = *find_profile(ProfileId::aead_aes_256_gcm);
    const Bytes exported = counting(88);  // 00 01 ... 57
    const std::string client_key =
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    const std::string server_key =
        "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";
    const std::string client_salt = "404142434445464748494a4b";
    const std::string server_salt = "4c4d4e4f5051525354555657";

    const SessionKeys client = split_keying_material(p, exported, DtlsRole::client);
    CHECK(hex(client.local.key) == client_key);
    CHECK(hex(client.local.salt) == client_salt);
    CHECK(hex(client.remote.key) == server_key);
    CHECK(hex(client.remote.salt) == server_salt);

    const SessionKeys server = split_keying_material(p, exported, DtlsRole::server);
    CHECK(hex(server.local.key) == server_key);
    CHECK(hex(server.local.salt) == server_salt);
    CHECK(hex(server.remote.key) == client_key);
    CHECK(hex(server.remote.salt) == client_salt);
}

TEST_CASE("key split sizes every profile's keys from the table") {
    for (const Profile& p : all_profiles()) {
        INFO(p.name);
        const SessionKeys keys =
            split_keying_material(p, counting(p.keying_material_length()), DtlsRole::client);
        CHECK(keys.local.key.size() == p.key_length);
        CHECK(keys.local.salt.size() == p.salt_length);
        CHECK(keys.remote.key.size() == p.key_length);
        CHECK(keys.remote.salt.size() == p.salt_length);
    }
}

TEST_CASE("key split rejects an export of the wrong length") {
    const Profile& p = *find_profile(ProfileId::aead_aes_128_gcm);  // needs 56 bytes
    for (std::size_t length : {0, 28, 55, 57, 60}) {
        INFO("length " << length);
        try {
            (void)split_keying_material(p, counting(length), DtlsRole::server);
            FAIL("no exception");
        } catch (const std::system_error& e) {
            CHECK(e.code() == make_error_code(SrtpError::bad_param));
            CHECK(std::string(e.what()).find("SRTP_AEAD_AES_128_GCM needs 56 bytes") !=
                  std::string::npos);
        }
    }
}
