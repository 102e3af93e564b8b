// SPDX-License-Identifier: BSD-3-Clause
#include "common/app_error.hpp"
#include "peer/peer_options.hpp"
#include "peer/peer_program.hpp"

int main(int argc, char** argv) {
    return rtpsec::apps::run_program("rtpsec-peer", argc, argv, [&] {
        const auto options = rtpsec::apps::parse_peer_options(argc, argv);
        if (!options) return 0;
        rtpsec::apps::PeerProgram program(*options);
        return program.run();
    });
}
