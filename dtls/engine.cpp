// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <array>
#include <cstdio>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdexcept>
#include <string>

#include <rtpsec/common/output_queue.hpp>
#include <rtpsec/dtls/engine.hpp>

#include "certificate_impl.hpp"
#include "client_hello.hpp"
#include "datagram_bio.hpp"
#include "final_flight_repeater.hpp"
#include "flight_timer.hpp"
#include "openssl_error.hpp"
#include "openssl_handles.hpp"
#include "peer_alert_opener.hpp"
#include "peer_verifier.hpp"
#include "srtp_negotiation.hpp"
#include "ssl_context.hpp"

namespace rtpsec::dtls {
namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;
using std::chrono::milliseconds;

// RFC 5764 §4.2: the exporter label for SRTP keys (no context).
constexpr std::string_view srtp_exporter_label = "EXTRACTOR-dtls_srtp";
// Datagrams kept while the peer's fingerprint is not known yet: a ClientHello
// (two fragments for Chromium's) and its retransmissions.
constexpr std::size_t early_queue_limit = 16;  // datagrams, besides the byte limit
// The largest UDP payload over IPv4.
constexpr std::size_t max_mtu = 65507;
// SSL_CB_ALERT values are (level << 8) | description; level 2 is fatal.
constexpr int alert_level_fatal = 2;
constexpr int alert_close_notify = 0;

struct Alert {
    int level;
    int description;
    std::string text;
};

Alert make_alert(int value) {
    return {value >> 8, value & 0xff, SSL_alert_desc_string_long(value)};
}

std::span<const std::uint8_t> as_bytes(std::span<const std::byte> datagram) {
    return {reinterpret_cast<const std::uint8_t*>(datagram.data()), datagram.size()};
}

constexpr std::uint8_t content_type_alert = 21;

// Copies `datagram` into `kept` without its epoch-0 alert records and returns
// the last of those alerts' (level << 8 | description). Records are walked by
// their length fields (RFC 6347 §4.1); a malformed tail is kept for OpenSSL
// to discard.
std::optional<int> strip_plaintext_alerts(std::span<const std::uint8_t> datagram,
                                          std::vector<std::uint8_t>& kept) {
    kept.clear();
    std::optional<int> last;
    while (datagram.size() >= detail::record_header_size) {
        const std::size_t length = std::size_t{datagram[11]} << 8 | datagram[12];
        const std::size_t size = detail::record_header_size + length;
        if (size > datagram.size()) break;
        const bool epoch_zero = datagram[3] == 0 && datagram[4] == 0;
        if (datagram[0] == content_type_alert && epoch_zero && length == 2) {
            last = datagram[13] << 8 | datagram[14];
        } else {
            kept.insert(kept.end(), datagram.begin(), datagram.begin() + static_cast<long>(size));
        }
        datagram = datagram.subspan(size);
    }
    kept.insert(kept.end(), datagram.begin(), datagram.end());
    return last;
}

// RFC 7983 §7: a first byte in 20..63 is DTLS.
bool looks_like_dtls(std::span<const std::byte> datagram) {
    if (datagram.empty()) return false;
    const auto first = std::to_integer<unsigned>(datagram[0]);
    return first >= 20 && first <= 63;
}

std::string profile_names(std::span<const std::uint16_t> ids) {
    std::string text;
    for (const auto id : ids) {
        if (!text.empty()) text += ", ";
        if (const srtp::Profile* profile = srtp::find_profile(id)) {
            text += profile->name;
        } else {
            char unknown[8];
            std::snprintf(unknown, sizeof unknown, "0x%04x", unsigned{id});
            text += unknown;
        }
    }
    return text.empty() ? "none" : text;
}

std::string profile_names(std::span<const srtp::ProfileId> ids) {
    std::vector<std::uint16_t> raw;
    for (const auto id : ids)
        raw.push_back(static_cast<std::uint16_t>(id));
    return profile_names(raw);
}

EngineConfig validated(EngineConfig config) {
    if (!config.context) throw std::invalid_argument("EngineConfig::context is required");
    if (config.mtu < min_mtu || config.mtu > max_mtu) {
        throw std::invalid_argument("DTLS MTU " + std::to_string(config.mtu) + " is outside " +
                                    std::to_string(min_mtu) + ".." + std::to_string(max_mtu));
    }
    config.retransmission.validate();
    if (config.after_cookie_exchange && config.role != Role::server) {
        throw std::invalid_argument("after_cookie_exchange is for server engines");
    }
    return config;
}

}  // namespace

class Engine::Impl final : public detail::SslCallbacks, public detail::TimerObserver {
  public:
    Impl(EngineConfig config, Clock::time_point now)
        : config_(validated(std::move(config))),
          profile_list_(detail::openssl_profile_list(config_.srtp_profiles)),
          created_at_(now),
          handshake_deadline_(now + config_.retransmission.handshake_timeout),
          timer_(config_.retransmission),
          bio_(config_.mtu, *this) {
        begin_input(now);
        create_ssl();
        state_ = needs_fingerprint() ? State::awaiting_fingerprint : State::handshaking;
        if (state_ == State::handshaking && config_.role == Role::client) advance();
    }

    ~Impl() {
        release_early_queue();
        ssl_.reset();  // before bio_, which the SSL's BIO points into
    }

    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    std::error_code handle_datagram(std::span<const std::byte> datagram, Clock::time_point now) {
        if (is_over()) return Error::association_over;
        if (!looks_like_dtls(datagram)) return Error::not_dtls;
        begin_input(now);
        if (handshake_deadline_passed()) return failure_;
        if (opener_) return receive_settled(as_bytes(datagram));
        auto bytes = as_bytes(datagram);
        if (state_ == State::handshaking || state_ == State::awaiting_fingerprint) {
            // Until the keys exist no alert authenticates: a forged close_notify
            // or fatal alert from the peer's address must not end the handshake.
            if (const auto alert = strip_plaintext_alerts(bytes, without_alerts_)) {
                ++unauthenticated_alerts_;
                unauthenticated_alert_ = make_alert(*alert);
                if (without_alerts_.empty()) return Error::unauthenticated_alert;
                bytes = without_alerts_;
            }
        }
        if (state_ == State::awaiting_fingerprint) {
            if (early_queue_.size() >= early_queue_limit ||
                bytes.size() > config_.early_queue_bytes - early_queue_bytes_ ||
                (config_.early_budget && !config_.early_budget->try_take(bytes.size()))) {
                return Error::early_queue_full;
            }
            early_queue_bytes_ += bytes.size();
            early_queue_.emplace_back(bytes.begin(), bytes.end());
            return {};
        }
        feed(bytes);
        return state_ == State::failed ? failure_ : std::error_code{};
    }

    void handle_timeout(Clock::time_point now) {
        begin_input(now);
        if (state_ == State::established) {
            if (final_flight_.handle_timeout(now)) timer_.count_resend();
            return;
        }
        if (handshake_deadline_passed() || state_ != State::handshaking) return;
        const auto deadline = timer_.deadline();
        if (!deadline || now < *deadline) return;
        ERR_clear_error();
        const int result = static_cast<int>(DTLSv1_handle_timeout(ssl_.get()));
        if (result < 0) {
            fail_from_openssl();
        } else if (result == 0) {
            // OpenSSL's wall clock says the timer has not expired yet (clock
            // drift or an early wake-up): wait for the rest, never spin.
            timeval remaining{};
            if (DTLSv1_get_timeout(ssl_.get(), &remaining) == 1) {
                timer_.rearm(std::chrono::seconds(remaining.tv_sec) +
                             microseconds(std::max<long>(remaining.tv_usec, 1)));
            } else {
                timer_.cancel();
            }
        }
    }

    void set_peer_fingerprints(std::vector<Fingerprint> expected, Clock::time_point now) {
        config_.expected_peer_fingerprints = std::move(expected);
        begin_input(now);
        if (handshake_deadline_passed()) return;
        if (state_ != State::awaiting_fingerprint || needs_fingerprint()) return;
        state_ = State::handshaking;
        if (config_.role == Role::client) advance();
        auto queued = std::move(early_queue_);
        release_early_queue();
        for (const auto& datagram : queued) {
            if (state_ != State::handshaking && state_ != State::established) break;
            feed(datagram);
        }
    }

    void close(Clock::time_point now) {
        begin_input(now);
        if (state_ == State::established && opener_) {
            close_notify_pending_ = !close_notify_.empty();
            finish(Closed{CloseReason::close_notify_sent, "close notify"});
        } else if (state_ == State::established) {
            ERR_clear_error();
            // The idle association gave its buffers back (SSL_free_buffers);
            // the alert path of OpenSSL 3.0 writes without allocating them.
            SSL_alloc_buffers(ssl_.get());
            SSL_shutdown(ssl_.get());  // RFC 5246 §7.2.1 close_notify
            detail::clear_openssl_errors();
            SSL_free_buffers(ssl_.get());  // the alert is in our BIO already
            finish(Closed{CloseReason::close_notify_sent, "close notify"});
        } else if (state_ == State::handshaking || state_ == State::awaiting_fingerprint) {
            finish(Closed{CloseReason::closed_during_handshake, {}});
        }
    }

    std::optional<std::span<const std::byte>> poll_transmit() {
        if (close_notify_pending_) {
            close_notify_pending_ = false;
            return std::span<const std::byte>(close_notify_);
        }
        if (auto datagram = bio_.next_datagram()) {
            final_flight_.capture(*datagram);
            return datagram;
        }
        final_flight_.end_capture();
        if (auto datagram = final_flight_.poll_transmit()) return datagram;
        // Settling writes through the BIO, so only once all output has left.
        if (settle_requested_) settle();
        return std::nullopt;
    }

    void confirm_peer_keyed(Clock::time_point now) {
        begin_input(now);
        if (state_ == State::established && !opener_) {
            settle_requested_ = true;
            final_flight_.stop();
        }
    }

    bool settled() const { return opener_.has_value(); }

    std::optional<Event> poll_event() { return events_.pop_front(); }

    std::optional<Clock::time_point> next_deadline() const {
        switch (state_) {
            case State::awaiting_fingerprint:
                return handshake_deadline_;
            case State::handshaking: {
                const auto retransmit = timer_.deadline();
                return retransmit ? std::min(*retransmit, handshake_deadline_)
                                  : handshake_deadline_;
            }
            case State::established:
                return final_flight_.deadline();
            default:
                return std::nullopt;
        }
    }

    State state() const { return state_; }
    const EngineConfig& config() const { return config_; }

    // detail::SslCallbacks

    bool verify_peer_certificate(X509* certificate) override {
        auto result = detail::verify_peer(certificate, config_.expected_peer_fingerprints,
                                          config_.insecure_skip_peer_verification);
        if (result.accepted && result.peer_sha256) {
            peer_fingerprint_ = result.peer_sha256;
            matched_ = result.matched;
            events_.emplace_back(PeerVerified{*result.peer_sha256, result.matched});
            return true;
        }
        if (result.error) {
            set_failure(result.error, std::move(result.message));
        } else {
            set_failure(Error::protocol_error, "cannot compute the peer certificate's fingerprint");
        }
        return false;
    }

    bool on_client_hello(SSL* ssl, int* alert) override {
        // DTLS versions count down (1.0 = 0xfeff, 1.2 = 0xfefd). An older
        // client is OpenSSL's to refuse, with the protocol_version alert that
        // names the real problem.
        if (SSL_client_hello_get0_legacy_version(ssl) > DTLS1_2_VERSION) return true;
        const unsigned char* body = nullptr;
        std::size_t length = 0;
        if (SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_use_srtp, &body, &length) != 1) {
            set_failure(
                Error::no_common_srtp_profile,
                "no common SRTP profile: the peer offered no use_srtp extension; we offer " +
                    profile_names(config_.srtp_profiles));
            *alert = SSL_AD_HANDSHAKE_FAILURE;
            return false;
        }
        const auto offered = detail::parse_use_srtp({body, length});
        if (!offered) {
            set_failure(Error::protocol_error, "malformed use_srtp extension in the ClientHello");
            *alert = SSL_AD_DECODE_ERROR;
            return false;
        }
        const auto chosen = detail::choose_profile(*offered, config_.srtp_profiles);
        if (!chosen) {
            // RFC 5764 §4.1.2 lets a server continue without use_srtp, but
            // DTLS-SRTP without SRTP keys is useless: fail now, visibly.
            set_failure(Error::no_common_srtp_profile,
                        "no common SRTP profile: peer offered " + profile_names(*offered) +
                            "; we support " + profile_names(config_.srtp_profiles));
            *alert = SSL_AD_HANDSHAKE_FAILURE;
            return false;
        }
        // OpenSSL picks by the server's order; leave it only the client's choice.
        const srtp::ProfileId only[] = {*chosen};
        if (SSL_set_tlsext_use_srtp(ssl, detail::openssl_profile_list(only).c_str()) != 0) {
            set_failure(Error::protocol_error, "cannot select the SRTP profile");
            *alert = SSL_AD_INTERNAL_ERROR;
            return false;
        }
        return true;
    }

    void on_keylog_line(const char* line) override {
        if (config_.keylog) config_.keylog(line);
    }

    unsigned on_timer(unsigned previous_us) override {
        return static_cast<unsigned>(timer_.next_timeout(microseconds(previous_us)).count());
    }

    bool verify_cookie(std::span<const std::uint8_t> cookie) override {
        return !verified_cookie_.empty() && cookie.size() == verified_cookie_.size() &&
               CRYPTO_memcmp(cookie.data(), verified_cookie_.data(), cookie.size()) == 0;
    }

    void on_alert(bool sent, int value) override {
        (sent ? alert_sent_ : alert_received_) = make_alert(value);
    }

    // detail::TimerObserver

    void on_openssl_timer_started() override {
        if (state_ == State::handshaking) timer_.on_started();
    }
    void on_openssl_timer_stopped() override { timer_.on_stopped(); }

  private:
    bool needs_fingerprint() const {
        return !config_.insecure_skip_peer_verification &&
               config_.expected_peer_fingerprints.empty();
    }
    bool is_over() const { return state_ == State::closed || state_ == State::failed; }

    void create_ssl() {
        ssl_.reset(SSL_new(config_.context->impl().ssl_context(static_cast<bool>(config_.keylog))));
        if (!ssl_) throw std::runtime_error("SSL_new: " + detail::take_openssl_errors());
        SSL* ssl = ssl_.get();
        detail::attach_callbacks(ssl, this);
        const auto& identity = config_.certificate.impl();
        if (SSL_use_certificate(ssl, identity.x509()) != 1 ||
            SSL_use_PrivateKey(ssl, identity.private_key()) != 1 ||
            SSL_check_private_key(ssl) != 1) {
            throw CertificateError("OpenSSL refuses the " +
                                   std::string(key_type_name(identity.key_type())) +
                                   " certificate: " + detail::take_openssl_errors());
        }
        // RFC 5764 §4.1.1: offered in the caller's order. (0 means success.)
        if (SSL_set_tlsext_use_srtp(ssl, profile_list_.c_str()) != 0) {
            throw std::invalid_argument("OpenSSL refuses the SRTP profiles " + profile_list_);
        }
        BIO* bio = bio_.make_bio();
        if (bio == nullptr) throw std::runtime_error("BIO_new: " + detail::take_openssl_errors());
        SSL_set_bio(ssl, bio, bio);
        // The MTU is the largest UDP payload (our BIO adds no overhead);
        // SSL_OP_NO_QUERY_MTU (context) keeps OpenSSL from changing it.
        SSL_set_mtu(ssl, static_cast<long>(config_.mtu));
        DTLS_set_link_mtu(ssl, static_cast<long>(config_.mtu));
        if (config_.role == Role::client) {
            SSL_set_connect_state(ssl);
        } else {
            SSL_set_accept_state(ssl);
        }
    }

    // One datagram (or the first record of one) into OpenSSL.
    void feed(std::span<const std::uint8_t> datagram) {
        if (config_.after_cookie_exchange && !listened_) {
            start_after_cookie(datagram);
            return;
        }
        bio_.set_input(datagram);
        advance();
        bio_.clear_input();
    }

    // The engine starts with the client's second ClientHello (message_seq 1,
    // carrying the cookie a CookieFrontDoor checked). DTLSv1_listen is the one
    // OpenSSL entry that sets the handshake sequence numbers and the record
    // sequence for that case (RFC 6347 §4.2.1, §4.2.2); its cookie check runs
    // our verify_cookie(), which accepts exactly the cookie of this datagram.
    void start_after_cookie(std::span<const std::uint8_t> datagram) {
        detail::ClientHelloFirstFragment hello;
        if (detail::parse_client_hello_first_fragment(datagram, hello) !=
                detail::ClientHelloParse::ok ||
            hello.cookie.empty() || hello.message_seq != 1) {
            return;  // not the datagram the front door accepted: drop it
        }
        verified_cookie_.assign(hello.cookie.begin(), hello.cookie.end());
        // DTLSv1_listen reads only the first record of a datagram; the rest
        // (more records) is fed as it would have been.
        const auto first_record = datagram.first(hello.record_size);
        const auto rest = datagram.subspan(hello.record_size);
        BIO_ADDR* client = BIO_ADDR_new();
        if (client == nullptr) return;
        bio_.set_input(first_record);
        ERR_clear_error();
        const int listened = DTLSv1_listen(ssl_.get(), client);
        BIO_ADDR_free(client);
        bio_.clear_input();
        if (listened != 1) {
            detail::clear_openssl_errors();
            return;
        }
        listened_ = true;
        advance();
        if (!rest.empty() && state_ == State::handshaking) feed(rest);
    }

    void advance() {
        if (state_ == State::handshaking) {
            ERR_clear_error();
            const int result = SSL_do_handshake(ssl_.get());
            if (result == 1) {
                complete();
            } else {
                const int error = SSL_get_error(ssl_.get(), result);
                if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
                    fail_from_openssl();
                }
            }
            if (state_ != State::established) return;
        }
        if (state_ == State::established) read_established();
    }

    // After completion OpenSSL still answers the peer: a repeated final
    // flight gets ours again (RFC 6347 §4.2.4), a close_notify or an alert
    // ends the association. Application data is not used (SRTP runs beside
    // DTLS, RFC 5764 §4) and is discarded.
    void read_established() {
        const std::size_t written_before = bio_.bytes_written();
        std::array<unsigned char, 2048> discard{};
        while (state_ == State::established) {
            ERR_clear_error();
            const int result =
                SSL_read(ssl_.get(), discard.data(), static_cast<int>(discard.size()));
            if (result > 0) continue;
            const int error = SSL_get_error(ssl_.get(), result);
            if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) break;
            if (error == SSL_ERROR_ZERO_RETURN) {
                SSL_shutdown(ssl_.get());  // answer with our close_notify
                detail::clear_openssl_errors();
                finish(Closed{CloseReason::close_notify_received, "close notify"});
            } else if (alert_received_ && alert_received_->level == alert_level_fatal) {
                detail::clear_openssl_errors();
                finish(Closed{CloseReason::fatal_alert_received, alert_received_->text});
            } else {
                fail_from_openssl();
            }
        }
        OPENSSL_cleanse(discard.data(), discard.size());
        if (state_ == State::established) {
            if (bio_.bytes_written() != written_before) {
                timer_.count_resend();
                final_flight_.repeat_from(now_);
            }
            // Idle associations keep only what they need (measurements.md:
            // 75.7 KB → 42.3 KB per side).
            SSL_free_buffers(ssl_.get());
        }
    }

    // The peer has finished its handshake: keep a prepared close_notify and
    // the keys that open the peer's alerts, free OpenSSL's association. With
    // nothing else written after it, the close_notify prepared now is the
    // record OpenSSL would send later (same epoch, next sequence number).
    void settle() {
        settle_requested_ = false;
        if (state_ != State::established || opener_ || bio_.has_output()) return;
        auto opener = detail::PeerAlertOpener::derive(ssl_.get(), config_.role);
        if (!opener) return;  // a suite it cannot open: OpenSSL stays
        ERR_clear_error();
        SSL_alloc_buffers(ssl_.get());
        SSL_shutdown(ssl_.get());
        detail::clear_openssl_errors();
        if (auto alert = bio_.next_datagram()) close_notify_.assign(alert->begin(), alert->end());
        opener_ = std::move(opener);
        final_flight_.stop();
        ssl_.reset();
        bio_.release_memory();
    }

    // What a settled association still takes from its peer: close_notify
    // (answered with ours) and fatal alerts; other alerts are ignored.
    // Anything that does not authenticate is dropped (RFC 6347 §4.1.2.7),
    // and reported so that the caller can count it.
    std::error_code receive_settled(std::span<const std::uint8_t> datagram) {
        const auto alert = opener_->open(datagram);
        if (!alert) return Error::no_authentic_alert;
        if (alert->description == alert_close_notify) {
            close_notify_pending_ = !close_notify_.empty();
            finish(Closed{CloseReason::close_notify_received, "close notify"});
        } else if (alert->level == alert_level_fatal) {
            finish(Closed{CloseReason::fatal_alert_received,
                          make_alert(alert->level << 8 | alert->description).text});
        }
        return {};
    }

    void complete() {
        timer_.cancel();
        if (config_.role == Role::server) timer_.count_untimed_flight();
        SSL* ssl = ssl_.get();
        const SRTP_PROTECTION_PROFILE* selected = SSL_get_selected_srtp_profile(ssl);
        const srtp::Profile* profile =
            selected != nullptr ? srtp::find_profile(static_cast<std::uint16_t>(selected->id))
                                : nullptr;
        if (profile == nullptr) {
            SSL_shutdown(ssl);
            detail::clear_openssl_errors();
            fail(Error::no_common_srtp_profile,
                 "no common SRTP profile: the peer selected none of " +
                     profile_names(config_.srtp_profiles));
            return;
        }
        if (!peer_fingerprint_) {
            fail(Error::protocol_error, "handshake completed without a verified peer certificate");
            return;
        }
        // RFC 5764 §4.2: 2 × (key + salt) bytes, label "EXTRACTOR-dtls_srtp",
        // no context, straight into wiped memory.
        SecretBytes keying_material(profile->keying_material_length());
        if (SSL_export_keying_material(ssl, keying_material.data(), keying_material.size(),
                                       srtp_exporter_label.data(), srtp_exporter_label.size(),
                                       nullptr, 0, 0) != 1) {
            fail(Error::key_export_failed,
                 "SRTP key export failed: " + detail::take_openssl_errors());
            return;
        }
        HandshakeTelemetry telemetry;
        telemetry.time_to_complete = duration_cast<microseconds>(now_ - created_at_);
        telemetry.flights_sent = timer_.flights_sent();
        telemetry.retransmissions_per_flight = timer_.retransmissions_per_flight();
        telemetry.retransmissions = timer_.retransmissions();
        telemetry.rtt = timer_.rtt();
        telemetry.unauthenticated_alerts = unauthenticated_alerts_;
        telemetry.version = SSL_get_version(ssl);
        if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl)) {
            const char* name = SSL_CIPHER_standard_name(cipher);
            telemetry.cipher_suite = name != nullptr ? name : SSL_CIPHER_get_name(cipher);
        }
        state_ = State::established;
        // The server finished before it sent the flight that completed us, so
        // a client never needs to resend: settle as soon as output has left.
        // The server's flight may be lost: after loss it repeats until the
        // client is keyed (final_flight_repeater.hpp).
        if (config_.role == Role::client) {
            settle_requested_ = true;
        } else {
            final_flight_.start(now_, config_.retransmission.adapted_first_timeout(timer_.rtt()),
                                handshake_deadline_, config_.retransmission,
                                timer_.retransmissions() > 0);
        }
        events_.emplace_back(HandshakeComplete{profile->id, std::move(keying_material),
                                               config_.role, *peer_fingerprint_, matched_,
                                               std::move(telemetry)});
    }

    void release_early_queue() {
        early_queue_.clear();
        if (config_.early_budget) config_.early_budget->give_back(early_queue_bytes_);
        early_queue_bytes_ = 0;
    }

    // Every input starts here: all that follows happens at `now`.
    void begin_input(Clock::time_point now) {
        now_ = now;
        timer_.set_now(now);
    }

    bool handshake_deadline_passed() {
        if (state_ != State::handshaking && state_ != State::awaiting_fingerprint) return false;
        if (now_ < handshake_deadline_) return false;
        const auto limit = duration_cast<milliseconds>(config_.retransmission.handshake_timeout);
        if (unauthenticated_alert_ && (unauthenticated_alert_->level == alert_level_fatal ||
                                       unauthenticated_alert_->description == alert_close_notify)) {
            // Most likely the peer gave up; it could be a forgery, hence only now.
            fail(Error::peer_alert,
                 "no handshake within " + std::to_string(limit.count()) +
                     " ms; the peer (or someone on the path: alerts before the keys are not "
                     "authenticated) sent " +
                     (unauthenticated_alert_->level == alert_level_fatal ? "fatal alert: "
                                                                         : "alert: ") +
                     unauthenticated_alert_->text);
        } else if (state_ == State::awaiting_fingerprint) {
            fail(Error::handshake_timeout,
                 "handshake timed out after " + std::to_string(limit.count()) +
                     " ms waiting for the peer's fingerprint (no SDP answer?)");
        } else {
            fail(Error::handshake_timeout,
                 "handshake timed out after " + std::to_string(timer_.retransmissions()) +
                     " retransmissions in " + std::to_string(limit.count()) +
                     " ms: the peer does not answer (address, port, firewall?)");
        }
        return true;
    }

    void set_failure(std::error_code error, std::string message) {
        if (!pending_failure_) pending_failure_.emplace(error, std::move(message));
    }

    // OpenSSL refused to go on: find out why, most specific first.
    void fail_from_openssl() {
        const unsigned long code = ERR_peek_last_error();
        const std::string reason = detail::take_openssl_errors();
        if (pending_failure_) {
            auto [error, message] = std::move(*pending_failure_);
            fail(error, std::move(message));
        } else if (alert_received_ && alert_received_->description == alert_close_notify) {
            fail(Error::peer_alert, "peer closed the association during the handshake");
        } else if (alert_received_ && alert_received_->level == alert_level_fatal) {
            fail(Error::peer_alert, "peer sent fatal alert: " + alert_received_->text);
        } else if (ERR_GET_LIB(code) == ERR_LIB_SSL &&
                   ERR_GET_REASON(code) == SSL_R_READ_TIMEOUT_EXPIRED) {
            fail(Error::handshake_timeout, "handshake timed out after " +
                                               std::to_string(timer_.retransmissions()) +
                                               " retransmissions (OpenSSL's limit per flight)");
        } else {
            std::string message = "DTLS handshake failed: " + (reason.empty() ? "unknown" : reason);
            if (alert_sent_) message += "; sent alert " + alert_sent_->text;
            fail(Error::protocol_error, std::move(message));
        }
    }

    void fail(std::error_code error, std::string message) {
        failure_ = error;
        timer_.cancel();
        final_flight_.stop();
        state_ = State::failed;
        release_early_queue();
        events_.emplace_back(Failed{error, std::move(message)});
    }

    void finish(Closed closed) {
        timer_.cancel();
        final_flight_.stop();
        state_ = State::closed;
        release_early_queue();
        events_.emplace_back(std::move(closed));
    }

    EngineConfig config_;
    std::string profile_list_;
    Clock::time_point created_at_;
    Clock::time_point handshake_deadline_;
    Clock::time_point now_{};
    detail::FlightTimer timer_;
    detail::DatagramBio bio_;
    detail::FinalFlightRepeater final_flight_;
    detail::SslPtr ssl_;
    State state_ = State::handshaking;
    OutputQueue<Event> events_;
    std::vector<std::vector<std::uint8_t>> early_queue_;
    std::size_t early_queue_bytes_ = 0;
    std::optional<Fingerprint> peer_fingerprint_;
    std::optional<Fingerprint> matched_;
    std::optional<std::pair<std::error_code, std::string>> pending_failure_;
    std::optional<Alert> alert_received_;
    // Plaintext alerts taken out of the input while the handshake runs.
    std::optional<Alert> unauthenticated_alert_;
    unsigned unauthenticated_alerts_ = 0;
    std::vector<std::uint8_t> without_alerts_;  // the datagram without them
    std::optional<Alert> alert_sent_;
    std::vector<std::uint8_t> verified_cookie_;
    bool listened_ = false;
    // Settled (see settle()): OpenSSL's association is gone.
    bool settle_requested_ = false;
    std::optional<detail::PeerAlertOpener> opener_;
    std::vector<std::byte> close_notify_;
    bool close_notify_pending_ = false;
    std::error_code failure_;
};

Engine::Engine(EngineConfig config, Clock::time_point now)
    : impl_(std::make_unique<Impl>(std::move(config), now)) {}
Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

std::error_code Engine::handle_datagram(std::span<const std::byte> datagram,
                                        Clock::time_point now) {
    return impl_->handle_datagram(datagram, now);
}
void Engine::handle_timeout(Clock::time_point now) {
    impl_->handle_timeout(now);
}
void Engine::set_peer_fingerprints(std::vector<Fingerprint> expected, Clock::time_point now) {
    impl_->set_peer_fingerprints(std::move(expected), now);
}
void Engine::close(Clock::time_point now) {
    impl_->close(now);
}
void Engine::confirm_peer_keyed(Clock::time_point now) {
    impl_->confirm_peer_keyed(now);
}
bool Engine::settled() const {
    return impl_->settled();
}
std::optional<std::span<const std::byte>> Engine::poll_transmit() {
    return impl_->poll_transmit();
}
std::optional<Event> Engine::poll_event() {
    return impl_->poll_event();
}
std::optional<Engine::Clock::time_point> Engine::next_deadline() const {
    return impl_->next_deadline();
}
Engine::State Engine::state() const {
    return impl_->state();
}
Role Engine::role() const {
    return impl_->config().role;
}
const Certificate& Engine::certificate() const {
    return impl_->config().certificate;
}

std::string_view engine_state_name(Engine::State state) {
    switch (state) {
        case Engine::State::awaiting_fingerprint:
            return "awaiting_fingerprint";
        case Engine::State::handshaking:
            return "handshaking";
        case Engine::State::established:
            return "established";
        case Engine::State::closed:
            return "closed";
        case Engine::State::failed:
            return "failed";
    }
    return "unknown";
}

}  // namespace rtpsec::dtls
