// SPDX-License-Identifier: BSD-3-Clause
#include "baresip_runner.hpp"

#include <cmath>
#include <fstream>
#include <numbers>
#include <stdexcept>
#include <thread>

#include "media/wav_file.hpp"

namespace rtpsec::test {

Baresip::Baresip(BaresipOptions options) : options_(std::move(options)) {
    const auto& dir = options_.directory;
    std::filesystem::create_directories(dir / "dumps");
    // Both files must be complete on disk before baresip starts: an
    // ofstream still open at the spawn left baresip, now and then, an empty
    // config (no modules, no account, nobody to answer the INVITE).
    {
        std::ofstream config(dir / "config");
        config << "poll_method epoll\n"
               << "sip_listen 127.0.0.1:" << options_.sip_port << "\n"
               << "module_path /usr/lib/baresip/modules\n"
               << "module g711.so\n"
               << "module aufile.so\n"
               << "module sndfile.so\n"
               << "module dtls_srtp.so\n"
               << "module_app account.so\n"
               << "module_app menu.so\n"
               << "audio_player aufile,/dev/null\n"
               << "audio_source aufile," << options_.source_wav.string() << "\n"
               << "audio_alert aufile,/dev/null\n"
               << "rtp_ports 20000-20100\n"
               << "rtcp_mux " << (options_.rtcp_mux ? "yes" : "no") << "\n"
               << "snd_path " << (dir / "dumps").string() << "\n";
        std::ofstream(dir / "accounts") << "<sip:baresip@127.0.0.1:" << options_.sip_port
                                        << ">;regint=0;mediaenc=dtls_srtp;answermode=auto;"
                                           "audio_codecs=PCMU\n";
        config.close();
        if (!config) throw std::runtime_error("cannot write baresip's config in " + dir.string());
    }
    std::vector<std::string> args{"-f", dir.string(), "-t", std::to_string(options_.quit_after_s)};
    if (options_.dial) {
        args.push_back("-e");
        args.push_back("/dial " + *options_.dial);
    }
    process_ = std::make_unique<Process>("baresip", args);
}

bool Baresip::wait_ready(std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
        if (log().find("baresip is ready") != std::string::npos) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

int Baresip::wait(std::chrono::milliseconds timeout) {
    return process_->wait(timeout);
}

std::string Baresip::log() const {
    const std::string raw = process_->out() + process_->err();
    std::string clean;
    clean.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\x1b') {  // ESC [ ... m
            while (i < raw.size() && raw[i] != 'm')
                ++i;
            continue;
        }
        clean.push_back(raw[i]);
    }
    return clean;
}

std::vector<std::int16_t> Baresip::received_audio() const {
    for (const auto& entry : std::filesystem::directory_iterator(options_.directory / "dumps")) {
        const auto name = entry.path().filename().string();
        if (name.ends_with("-dec.wav")) return media::read_audio_8k_mono(entry.path());
    }
    return {};
}

std::string Baresip::uri() const {
    return "sip:baresip@127.0.0.1:" + std::to_string(options_.sip_port);
}

void write_tone_wav(const std::filesystem::path& path, double frequency_hz, double seconds) {
    std::vector<std::int16_t> samples(static_cast<std::size_t>(seconds * 8000));
    for (std::size_t i = 0; i < samples.size(); ++i) {
        samples[i] =
            static_cast<std::int16_t>(8000.0 * std::sin(2.0 * std::numbers::pi * frequency_hz *
                                                        static_cast<double>(i) / 8000.0));
    }
    media::write_wav_8k_mono(path, samples);
}

}  // namespace rtpsec::test
