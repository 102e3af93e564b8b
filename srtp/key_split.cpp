// SPDX-License-Identifier: BSD-3-Clause
#include <string>
#include <system_error>

#include <rtpsec/srtp/error.hpp>
#include <rtpsec/srtp/key_split.hpp>

namespace rtpsec::srtp {

SessionKeys split_keying_material(const Profile& profile, std::span<const std::uint8_t> material,
                                  DtlsRole role) {
    if (material.size() != profile.keying_material_length()) {
        throw std::system_error(make_error_code(SrtpError::bad_param),
                                std::string(profile.name) + " needs " +
                                    std::to_string(profile.keying_material_length()) +
                                    " bytes of exported keying material, got " +
                                    std::to_string(material.size()));
    }
    const std::size_t key = profile.key_length;
    const std::size_t salt = profile.salt_length;

    // RFC 5764 §4.2 layout: client key | server key | client salt | server salt.
    MasterKey client{SecretBytes(material.subspan(0, key)),
                     SecretBytes(material.subspan(2 * key, salt))};
    MasterKey server{SecretBytes(material.subspan(key, key)),
                     SecretBytes(material.subspan(2 * key + salt, salt))};

    if (role == DtlsRole::client) return SessionKeys{std::move(client), std::move(server)};
    return SessionKeys{std::move(server), std::move(client)};
}

}  // namespace rtpsec::srtp
