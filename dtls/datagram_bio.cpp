// SPDX-License-Identifier: BSD-3-Clause
#include "datagram_bio.hpp"

#include <algorithm>
#include <cstring>
#include <sys/time.h>

namespace rtpsec::dtls::detail {

DatagramBio::DatagramBio(std::size_t mtu, TimerObserver& observer)
    : mtu_(mtu), observer_(observer) {}

DatagramBio::~DatagramBio() {
    // The SSL that owns the BIO is freed first; if not, cut the link.
    if (bio_ != nullptr) BIO_set_data(bio_, nullptr);
}

const BIO_METHOD* DatagramBio::method() {
    static BIO_METHOD* const shared = [] {
        BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "rtpsec datagram");
        if (m == nullptr || !BIO_meth_set_write(m, &DatagramBio::write) ||
            !BIO_meth_set_read(m, &DatagramBio::read) ||
            !BIO_meth_set_ctrl(m, &DatagramBio::control) ||
            !BIO_meth_set_create(m, &DatagramBio::create) ||
            !BIO_meth_set_destroy(m, &DatagramBio::destroy)) {
            BIO_meth_free(m);
            return static_cast<BIO_METHOD*>(nullptr);
        }
        return m;
    }();
    return shared;
}

BIO* DatagramBio::make_bio() {
    const BIO_METHOD* m = method();
    bio_ = m != nullptr ? BIO_new(m) : nullptr;
    if (bio_ != nullptr) BIO_set_data(bio_, this);
    return bio_;
}

int DatagramBio::create(BIO* bio) {
    BIO_set_init(bio, 1);
    return 1;
}

int DatagramBio::destroy(BIO* bio) {
    if (auto* self = static_cast<DatagramBio*>(BIO_get_data(bio))) self->bio_ = nullptr;
    BIO_set_data(bio, nullptr);
    return 1;
}

int DatagramBio::read(BIO* bio, char* out, int size) {
    auto* self = static_cast<DatagramBio*>(BIO_get_data(bio));
    BIO_clear_retry_flags(bio);
    if (self == nullptr || self->input_.empty() || size <= 0) {
        BIO_set_retry_read(bio);
        return -1;
    }
    // One datagram per read. A datagram longer than OpenSSL's buffer (larger
    // than any DTLS record allows) is truncated; OpenSSL then drops it.
    const std::size_t n = std::min(self->input_.size(), static_cast<std::size_t>(size));
    std::memcpy(out, self->input_.data(), n);
    self->input_ = {};
    return static_cast<int>(n);
}

std::size_t DatagramBio::open_datagram_size() const {
    if (!has_output()) return 0;
    const std::size_t start =
        datagram_ends_.size() > 1 ? datagram_ends_[datagram_ends_.size() - 2] : 0;
    return datagram_ends_.back() - start;
}

int DatagramBio::write(BIO* bio, const char* in, int size) {
    auto* self = static_cast<DatagramBio*>(BIO_get_data(bio));
    BIO_clear_retry_flags(bio);
    if (self == nullptr || size < 0) return -1;
    if (self->drained_ == self->datagram_ends_.size() && self->drained_ != 0) {
        // Everything was handed out: start over, keeping the capacity.
        self->output_.clear();
        self->datagram_ends_.clear();
        self->drained_ = 0;
    }
    // One write may carry several records (OpenSSL 3.0 coalesces records in
    // its write buffer); the record is the unit that must not be split
    // (RFC 6347 §4.1.1), so pack record by record.
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(in),
                                           static_cast<std::size_t>(size));
    std::size_t at = 0;
    while (bytes.size() - at >= record_header_size) {
        const std::size_t length = std::to_integer<std::size_t>(bytes[at + 11]) << 8 |
                                   std::to_integer<std::size_t>(bytes[at + 12]);
        if (bytes.size() - at < record_header_size + length) break;
        self->append_record(bytes.subspan(at, record_header_size + length));
        at += record_header_size + length;
    }
    // Bytes that are not a whole record (never from OpenSSL) stay one unit.
    if (at < bytes.size()) self->append_record(bytes.subspan(at));
    self->bytes_written_ += bytes.size();
    return size;
}

void DatagramBio::append_record(std::span<const std::byte> record) {
    // OpenSSL fragments to the MTU it was given (the same mtu_), so no record
    // is larger; should one be, it is not sent: nothing leaves above the MTU.
    if (record.size() > mtu_) {
        ++oversized_records_;
        return;
    }
    // A record joins the open datagram if it fits there, else starts the next one.
    output_.insert(output_.end(), record.begin(), record.end());
    if (has_output() && open_datagram_size() + record.size() <= mtu_) {
        datagram_ends_.back() = output_.size();
    } else {
        datagram_ends_.push_back(output_.size());
    }
}

long DatagramBio::control(BIO* bio, int command, long number, void* pointer) {
    auto* self = static_cast<DatagramBio*>(BIO_get_data(bio));
    if (self == nullptr) return 0;
    switch (command) {
        case BIO_CTRL_FLUSH:
            return 1;  // datagrams are cut by size when drained, not by flushes
        case BIO_CTRL_WPENDING:
            return static_cast<long>(self->open_datagram_size());
        case BIO_CTRL_PENDING:
            return static_cast<long>(self->input_.size());
        // The MTU is the largest UDP payload we send: no per-datagram overhead
        // on top, and never lowered (SSL_OP_NO_QUERY_MTU keeps OpenSSL from
        // asking, these answers keep it consistent if it does).
        case BIO_CTRL_DGRAM_QUERY_MTU:
        case BIO_CTRL_DGRAM_GET_FALLBACK_MTU:
        case BIO_CTRL_DGRAM_GET_MTU:
            return static_cast<long>(self->mtu_);
        case BIO_CTRL_DGRAM_SET_MTU:
            return static_cast<long>(self->mtu_);
        case BIO_CTRL_DGRAM_GET_MTU_OVERHEAD:
            return 0;
        case BIO_CTRL_DGRAM_MTU_EXCEEDED:
            return 0;
        case BIO_CTRL_DGRAM_SET_NEXT_TIMEOUT: {
            // d1_lib.c passes the absolute expiry (zero: timer stopped).
            const auto* expiry = static_cast<const timeval*>(pointer);
            if (expiry == nullptr) return 0;
            if (expiry->tv_sec == 0 && expiry->tv_usec == 0) {
                self->observer_.on_openssl_timer_stopped();
            } else {
                self->observer_.on_openssl_timer_started();
            }
            return 1;
        }
        default:
            (void)number;
            return 0;
    }
}

void DatagramBio::release_memory() {
    output_ = {};
    datagram_ends_ = {};
    drained_ = 0;
}

std::optional<std::span<const std::byte>> DatagramBio::next_datagram() {
    if (!has_output()) return std::nullopt;
    const std::size_t start = drained_ == 0 ? 0 : datagram_ends_[drained_ - 1];
    const std::size_t end = datagram_ends_[drained_];
    ++drained_;
    return std::span<const std::byte>(output_.data() + start, end - start);
}

}  // namespace rtpsec::dtls::detail
