// libsrtp's process-wide initialisation. ctest runs each test case in a
// process of its own, so each of these meets an uninitialised libsrtp.
#include <atomic>
#include <catch2/catch.hpp>
#include <srtp2/srtp.h>
#include <thread>
#include <vector>

#include "packets.hpp"

using namespace rtpsec::srtp;
using namespace rtpsec::srtp::test;

TEST_CASE("Sessions work in a process that called srtp_init itself first") {
    const srtp_err_status_t status = srtp_init();
    // bad_param when an earlier test case in this process got there first.
    CHECK((status == srtp_err_status_ok || status == srtp_err_status_bad_param));
    for (const Profile& p : all_profiles()) {
        SessionPair pair = make_pair(p);
        const Bytes rtp = make_rtp(1, 1, 160);
        CHECK(to_hex(must(pair.receiver, Operation::unprotect_rtp,
                          must(pair.sender, Operation::protect_rtp, rtp))) == to_hex(rtp));
    }
}

TEST_CASE("the first Sessions of a process may be created on several threads at once") {
    constexpr int thread_count = 8;
    std::atomic<int> ready{0};
    std::atomic<int> working{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back([&, t] {
            const Profile& p = all_profiles()[static_cast<std::size_t>(t) % all_profiles().size()];
            ++ready;
            while (ready.load() < thread_count)
                std::this_thread::yield();
            SessionPair pair = make_pair(p);
            const Bytes rtp = make_rtp(static_cast<std::uint32_t>(t), 1, 160);
            std::vector<std::byte> buffer(rtp.size() + max_protect_overhead);
            std::memcpy(buffer.data(), rtp.data(), rtp.size());
            std::error_code ec;
            std::size_t length = pair.sender.protect_rtp(buffer, rtp.size(), ec);
            if (!ec) length = pair.receiver.unprotect_rtp(buffer, length, ec);
            if (!ec && length == rtp.size() &&
                std::memcmp(buffer.data(), rtp.data(), length) == 0) {
                ++working;
            }
        });
    }
    for (std::thread& thread : threads)
        thread.join();
    CHECK(working.load() == thread_count);
}
