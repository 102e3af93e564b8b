// SPDX-License-Identifier: BSD-3-Clause
#include <climits>
#include <srtp2/srtp.h>
#include <string>

#include <rtpsec/srtp/error.hpp>
#include <rtpsec/srtp/session.hpp>

#include "libsrtp_context.hpp"
#include "libsrtp_status.hpp"

namespace rtpsec::srtp {
namespace {

[[noreturn]] void throw_setup_error(SrtpError error, const std::string& what) {
    throw std::system_error(make_error_code(error), what);
}

const Profile& supported_profile(const Profile& profile) {
    const Profile* known = find_profile(profile.id);
    if (known == nullptr) {
        throw_setup_error(
            SrtpError::bad_param,
            "unsupported SRTP profile id " + std::to_string(static_cast<unsigned>(profile.id)));
    }
    return *known;
}

void check_master_key(const Profile& profile, const MasterKey& master, const char* which) {
    if (master.key.size() != profile.key_length || master.salt.size() != profile.salt_length) {
        throw_setup_error(SrtpError::bad_param,
                          std::string(profile.name) + " needs a " +
                              std::to_string(profile.key_length) + "-byte master key and a " +
                              std::to_string(profile.salt_length) + "-byte master salt; the " +
                              which + " one has " + std::to_string(master.key.size()) + " and " +
                              std::to_string(master.salt.size()));
    }
}

std::size_t checked_replay_window(std::size_t window) {
    if (window < Session::min_replay_window || window > Session::max_replay_window) {
        throw_setup_error(SrtpError::bad_param, "SRTP replay window must be " +
                                                    std::to_string(Session::min_replay_window) +
                                                    " to " +
                                                    std::to_string(Session::max_replay_window) +
                                                    " packets, not " + std::to_string(window));
    }
    return window;
}

// Our tailroom check uses the profile table; it must never be smaller than
// what libsrtp really appends, or libsrtp would write past the buffer.
void check_trailers_match(const Profile& profile, const detail::LibsrtpContext& outbound) {
    const std::size_t rtp = detail::rtp_trailer_length(outbound);
    const std::size_t rtcp = detail::rtcp_trailer_length(outbound);
    if (rtp != profile.rtp_overhead() || rtcp != profile.rtcp_overhead()) {
        throw_setup_error(SrtpError::library_fail,
                          "libsrtp appends " + std::to_string(rtp) + "/" + std::to_string(rtcp) +
                              " bytes to SRTP/SRTCP for " + std::string(profile.name) +
                              ", the profile table says " + std::to_string(profile.rtp_overhead()) +
                              "/" + std::to_string(profile.rtcp_overhead()));
    }
}

using LibsrtpTransform = srtp_err_status_t (*)(srtp_t, void*, int*);

// The checks every packet gets before libsrtp sees it, then libsrtp in place.
// `growth` is how much the packet may grow: libsrtp writes that far behind
// `length` without knowing where the buffer ends.
template <LibsrtpTransform transform>
std::size_t transform_in_place(srtp_ctx_t_* context, std::span<std::byte> buffer,
                               std::size_t length, std::size_t growth,
                               std::error_code& ec) noexcept {
    if (context == nullptr) {
        ec = make_error_code(SrtpError::no_ctx);
        return 0;
    }
    if (length > buffer.size() || length > static_cast<std::size_t>(INT_MAX) - growth) {
        ec = make_error_code(SrtpError::bad_param);
        return 0;
    }
    if (buffer.size() - length < growth) {
        ec = make_error_code(SrtpError::buffer_too_small);
        return 0;
    }
    int octets = static_cast<int>(length);
    const srtp_err_status_t status = transform(context, buffer.data(), &octets);
    if (status != srtp_err_status_ok) {
        ec = detail::packet_error(status);
        return 0;
    }
    ec.clear();
    return static_cast<std::size_t>(octets);
}

}  // namespace

Session::Session(const Library&, const Profile& profile, const MasterKey& local,
                 const MasterKey& remote, SessionOptions options)
    : profile_(&supported_profile(profile)),
      replay_window_(checked_replay_window(options.replay_window)) {
    check_master_key(*profile_, local, "local");
    check_master_key(*profile_, remote, "remote");
    outbound_ = detail::create_libsrtp_context(*profile_, local, detail::Direction::outbound,
                                               replay_window_);
    inbound_ = detail::create_libsrtp_context(*profile_, remote, detail::Direction::inbound,
                                              replay_window_);
    check_trailers_match(*profile_, outbound_);
}

Session::Session(const Library& library, const Profile& profile, const SessionKeys& keys,
                 SessionOptions options)
    : Session(library, profile, keys.local, keys.remote, options) {}

Session Session::from_keying_material(const Library& library, const Profile& profile,
                                      std::span<const std::uint8_t> keying_material, DtlsRole role,
                                      SessionOptions options) {
    return Session(library, profile, split_keying_material(profile, keying_material, role),
                   options);
}

std::size_t Session::protect_rtp(std::span<std::byte> buffer, std::size_t length,
                                 std::error_code& ec) noexcept {
    return transform_in_place<&srtp_protect>(outbound_.get(), buffer, length,
                                             profile_->rtp_overhead(), ec);
}

std::size_t Session::unprotect_rtp(std::span<std::byte> buffer, std::size_t length,
                                   std::error_code& ec) noexcept {
    return transform_in_place<&srtp_unprotect>(inbound_.get(), buffer, length, 0, ec);
}

std::size_t Session::protect_rtcp(std::span<std::byte> buffer, std::size_t length,
                                  std::error_code& ec) noexcept {
    return transform_in_place<&srtp_protect_rtcp>(outbound_.get(), buffer, length,
                                                  profile_->rtcp_overhead(), ec);
}

std::size_t Session::unprotect_rtcp(std::span<std::byte> buffer, std::size_t length,
                                    std::error_code& ec) noexcept {
    return transform_in_place<&srtp_unprotect_rtcp>(inbound_.get(), buffer, length, 0, ec);
}

}  // namespace rtpsec::srtp
