// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <rtpsec/dtls/fingerprint.hpp>

namespace rtpsec::dtls {
namespace {

struct HashInfo {
    HashAlgorithm algorithm;
    std::string_view name;
    std::size_t size;
};

constexpr std::array<HashInfo, 7> hashes{{
    {HashAlgorithm::md2, "md2", 16},
    {HashAlgorithm::md5, "md5", 16},
    {HashAlgorithm::sha1, "sha-1", 20},
    {HashAlgorithm::sha224, "sha-224", 28},
    {HashAlgorithm::sha256, "sha-256", 32},
    {HashAlgorithm::sha384, "sha-384", 48},
    {HashAlgorithm::sha512, "sha-512", 64},
}};

const HashInfo& info(HashAlgorithm algorithm) {
    return hashes[static_cast<std::size_t>(algorithm)];
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    return s;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

class FingerprintCategory final : public std::error_category {
  public:
    const char* name() const noexcept override { return "rtpsec.fingerprint"; }
    std::string message(int value) const override {
        switch (static_cast<FingerprintError>(value)) {
            case FingerprintError::empty:
                return "empty fingerprint";
            case FingerprintError::missing_value:
                return "fingerprint has a hash name but no value";
            case FingerprintError::unknown_hash:
                return "unknown fingerprint hash function";
            case FingerprintError::malformed_hex:
                return "fingerprint value is not colon-separated hex byte pairs";
            case FingerprintError::wrong_length:
                return "fingerprint length does not match its hash function";
        }
        return "unknown fingerprint error";
    }
};

}  // namespace

std::string_view hash_algorithm_name(HashAlgorithm algorithm) {
    return info(algorithm).name;
}

std::optional<HashAlgorithm> hash_algorithm_from_name(std::string_view name) {
    for (const auto& h : hashes) {
        if (equals_ignoring_case(h.name, name)) return h.algorithm;
    }
    return std::nullopt;
}

std::size_t digest_size(HashAlgorithm algorithm) {
    return info(algorithm).size;
}

bool is_trusted(HashAlgorithm algorithm) {
    return algorithm != HashAlgorithm::md2 && algorithm != HashAlgorithm::md5;
}

const std::error_category& fingerprint_category() {
    static const FingerprintCategory category;
    return category;
}

std::error_code make_error_code(FingerprintError e) {
    return {static_cast<int>(e), fingerprint_category()};
}

Fingerprint::Fingerprint(HashAlgorithm algorithm, std::span<const std::uint8_t> digest)
    : algorithm_(algorithm) {
    if (digest.size() != digest_size(algorithm)) {
        throw std::invalid_argument("fingerprint digest length does not match its hash function");
    }
    size_ = static_cast<std::uint8_t>(digest.size());
    std::copy(digest.begin(), digest.end(), digest_.begin());
}

std::optional<Fingerprint> Fingerprint::parse(std::string_view text, std::error_code& ec) {
    text = trim(text);
    if (text.empty()) {
        ec = FingerprintError::empty;
        return std::nullopt;
    }
    const auto space = text.find_first_of(" \t");
    const auto name = text.substr(0, space);
    const auto value =
        space == std::string_view::npos ? std::string_view{} : trim(text.substr(space));
    const auto algorithm = hash_algorithm_from_name(name);
    if (!algorithm) {
        ec = FingerprintError::unknown_hash;
        return std::nullopt;
    }
    if (value.empty()) {
        ec = FingerprintError::missing_value;
        return std::nullopt;
    }
    // Each byte is two hex digits; bytes are separated by exactly one ':'.
    if ((value.size() + 1) % 3 != 0) {
        ec = FingerprintError::malformed_hex;
        return std::nullopt;
    }
    const std::size_t count = (value.size() + 1) / 3;
    std::array<std::uint8_t, max_digest_size> bytes{};
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t at = i * 3;
        const int hi = hex_value(value[at]);
        const int lo = hex_value(value[at + 1]);
        if (hi < 0 || lo < 0 || (at + 2 < value.size() && value[at + 2] != ':')) {
            ec = FingerprintError::malformed_hex;
            return std::nullopt;
        }
        if (i < max_digest_size) bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    if (count != digest_size(*algorithm)) {
        ec = FingerprintError::wrong_length;
        return std::nullopt;
    }
    ec.clear();
    return Fingerprint(*algorithm, std::span(bytes.data(), count));
}

std::string Fingerprint::to_string() const {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out(hash_algorithm_name(algorithm_));
    out.reserve(out.size() + 1 + size_ * 3);
    out.push_back(' ');
    for (std::size_t i = 0; i < size_; ++i) {
        if (i != 0) out.push_back(':');
        out.push_back(digits[digest_[i] >> 4]);
        out.push_back(digits[digest_[i] & 0x0f]);
    }
    return out;
}

bool operator==(const Fingerprint& a, const Fingerprint& b) {
    if (a.algorithm_ != b.algorithm_ || a.size_ != b.size_) return false;
    unsigned difference = 0;
    for (std::size_t i = 0; i < a.size_; ++i)
        difference |= unsigned{a.digest_[i]} ^ b.digest_[i];
    return difference == 0;
}

}  // namespace rtpsec::dtls
