// SPDX-License-Identifier: BSD-3-Clause
// A BIO that keeps datagram boundaries, between OpenSSL and the engine.
//
// OpenSSL 3.0 has no datagram memory BIO: a memory BIO would merge datagrams
// on input and lose record boundaries on output. This one
//   - reads: hands OpenSSL exactly one datagram per read (RFC 6347 §4.1.1:
//     records never span datagrams), then "retry" until the next input;
//   - writes: splits what OpenSSL writes into records and packs consecutive records
//     into datagrams of at most `mtu` bytes (several records per datagram are
//     allowed, RFC 6347 §4.1.1). OpenSSL flushes after every message when it
//     retransmits; packing ignores flushes, so a retransmitted flight leaves
//     in as few datagrams as its first transmission instead of one per
//     message (measurements.md: (1−p)^5 vs (1−p) delivery odds). WPENDING
//     reports the open datagram's size, so OpenSSL sizes the next fragment to
//     fill it;
//   - answers the MTU queries with the configured MTU and never lowers it
//     (OpenSSL shrinks its MTU after failed retransmissions otherwise);
//   - passes OpenSSL's retransmission timer start/stop to a TimerObserver.
// Private to dtls/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <openssl/bio.h>
#include <optional>
#include <span>
#include <vector>

namespace rtpsec::dtls::detail {

class TimerObserver {
  public:
    virtual void on_openssl_timer_started() = 0;
    virtual void on_openssl_timer_stopped() = 0;

  protected:
    ~TimerObserver() = default;
};

class DatagramBio {
  public:
    DatagramBio(std::size_t mtu, TimerObserver& observer);
    ~DatagramBio();
    DatagramBio(const DatagramBio&) = delete;
    DatagramBio& operator=(const DatagramBio&) = delete;

    // A new BIO reading from and writing to this object, for SSL_set_bio
    // (which takes the reference). Call once; this object must outlive it.
    BIO* make_bio();

    // The datagram OpenSSL's next read returns. The bytes must stay valid
    // until the read happened or clear_input() was called.
    void set_input(std::span<const std::uint8_t> datagram) { input_ = datagram; }
    bool has_input() const { return !input_.empty(); }
    void clear_input() { input_ = {}; }

    // The next packed datagram to send; valid until the next OpenSSL write.
    std::optional<std::span<const std::byte>> next_datagram();
    bool has_output() const { return drained_ < datagram_ends_.size(); }
    // Gives the output buffer's memory back; for an engine that no longer
    // writes through OpenSSL. Call only when has_output() is false.
    void release_memory();
    // Bytes written since construction (to tell whether a call wrote anything).
    std::size_t bytes_written() const { return bytes_written_; }
    // Records larger than the MTU that were refused (never expected: OpenSSL
    // fragments to the same MTU).
    std::size_t oversized_records() const { return oversized_records_; }

  private:
    static int read(BIO* bio, char* out, int size);
    static int write(BIO* bio, const char* in, int size);
    static long control(BIO* bio, int command, long number, void* pointer);
    static int create(BIO* bio);
    static int destroy(BIO* bio);
    static const BIO_METHOD* method();

    std::size_t open_datagram_size() const;
    void append_record(std::span<const std::byte> record);

    // RFC 6347 §4.1: type(1) version(2) epoch(2) sequence_number(6) length(2).
    static constexpr std::size_t record_header_size = 13;

    std::size_t mtu_;
    TimerObserver& observer_;
    BIO* bio_ = nullptr;
    std::span<const std::uint8_t> input_;
    std::vector<std::byte> output_;
    std::vector<std::size_t> datagram_ends_;  // offsets in output_
    std::size_t drained_ = 0;                 // datagrams already handed out
    std::size_t bytes_written_ = 0;
    std::size_t oversized_records_ = 0;
};

}  // namespace rtpsec::dtls::detail
