// SPDX-License-Identifier: BSD-3-Clause
#include "common/cli_values.hpp"

#include <boost/asio/io_context.hpp>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <sstream>
#include <string>
#include <unistd.h>

#include "common/app_error.hpp"
#include "common/input_file.hpp"

namespace rtpsec::apps {

CLI::Validator finite_range(double min, double max) {
    std::ostringstream bounds;
    bounds << min << " to " << max;
    const std::string expected = "a finite number from " + bounds.str();
    return CLI::Validator(
        [min, max, expected](std::string& text) -> std::string {
            errno = 0;
            char* end = nullptr;
            const double value = std::strtod(text.c_str(), &end);
            const bool parsed = !text.empty() && end == text.c_str() + text.size() && errno == 0;
            if (parsed && std::isfinite(value) && value >= min && value <= max) return {};
            return "'" + text + "' is not " + expected;
        },
        "NUMBER (" + bounds.str() + ")");
}

boost::asio::ip::udp::endpoint parse_udp_address(std::string_view text, std::string_view flag) {
    const auto bad = [&](const std::string& why) {
        return AppError(exit_bad_input,
                        std::string(flag) + " '" + std::string(text) + "': " + why +
                            " (expected ADDRESS:PORT, e.g. 127.0.0.1:5004 or [::1]:5004)");
    };
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) throw bad("no port");
    std::string host(text.substr(0, colon));
    const std::string port_text(text.substr(colon + 1));
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    unsigned long port = 0;
    try {
        std::size_t used = 0;
        port = std::stoul(port_text, &used);
        if (used != port_text.size() || port > 65535) throw std::out_of_range("port");
    } catch (const std::exception&) {
        throw bad("port must be a number from 0 to 65535");
    }
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(host, ec);
    if (ec) {
        boost::asio::io_context io;
        boost::asio::ip::udp::resolver resolver(io);
        const auto results = resolver.resolve(host, port_text, ec);
        if (ec || results.empty()) throw bad("unknown host");
        return results.begin()->endpoint();
    }
    return {address, static_cast<unsigned short>(port)};
}

std::vector<srtp::ProfileId> parse_profiles(std::string_view text) {
    std::vector<srtp::ProfileId> profiles;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find(',', start), text.size());
        const auto name = text.substr(start, end - start);
        const auto* profile = srtp::find_profile(name);
        if (!profile) {
            std::string known;
            for (const auto& p : srtp::all_profiles())
                known += (known.empty() ? "" : ", ") + std::string(p.name);
            throw AppError(exit_bad_input, "--profiles: unknown SRTP profile '" +
                                               std::string(name) + "' (known: " + known + ")");
        }
        profiles.push_back(profile->id);
        start = end + 1;
    }
    return profiles;
}

std::vector<dtls::Fingerprint> parse_fingerprints(const std::vector<std::string>& values) {
    std::vector<dtls::Fingerprint> fingerprints;
    for (const auto& value : values) {
        std::error_code ec;
        auto fingerprint = dtls::Fingerprint::parse(value, ec);
        if (!fingerprint) {
            throw AppError(exit_bad_input, "--peer-fingerprint '" + value + "': " + ec.message() +
                                               " (expected e.g. \"sha-256 AB:CD:...\")");
        }
        fingerprints.push_back(*fingerprint);
    }
    return fingerprints;
}

dtls::Certificate load_or_generate_certificate(const std::optional<std::filesystem::path>& cert,
                                               const std::optional<std::filesystem::path>& key) {
    if (cert.has_value() != key.has_value()) {
        throw AppError(exit_bad_input,
                       "--cert and --key go together: give both PEM files, or neither "
                       "for a fresh self-signed certificate");
    }
    if (cert) {
        check_input_file(*cert, "--cert", pem_file_cap);
        check_input_file(*key, "--key", pem_file_cap);
    }
    try {
        return cert ? dtls::Certificate::load_pem(*cert, *key) : dtls::Certificate::generate();
    } catch (const dtls::CertificateError& e) {
        throw AppError(exit_bad_input, e.what());
    }
}

std::function<void(std::string_view)> open_keylog(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) {
        throw AppError(exit_bad_input, "--keylog: cannot open " + path.string() + " for writing");
    }
    auto file = std::shared_ptr<int>(new int(fd), [](int* f) {
        ::close(*f);
        delete f;
    });
    return [file](std::string_view line) {
        std::string text(line);
        text.push_back('\n');
        // One write per line keeps lines whole even when several processes share the file.
        [[maybe_unused]] const auto written = ::write(*file, text.data(), text.size());
    };
}

}  // namespace rtpsec::apps
