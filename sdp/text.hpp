// SPDX-License-Identifier: BSD-3-Clause
// Small text helpers shared by the sdp/ sources (not installed: private to the layer).
#pragma once

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rtpsec::sdp::detail {

inline bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

inline std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back()))
        s.remove_suffix(1);
    return s;
}

inline char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    }
    return true;
}

inline std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = ascii_lower(c);
    return out;
}

inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

inline bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Fields separated by one or more spaces or tabs (RFC 8866 asks for exactly
// one space; real SDP sometimes has more).
inline std::vector<std::string_view> split_fields(std::string_view s) {
    std::vector<std::string_view> fields;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && is_blank(s[i]))
            ++i;
        const std::size_t start = i;
        while (i < s.size() && !is_blank(s[i]))
            ++i;
        if (i > start) fields.push_back(s.substr(start, i - start));
    }
    return fields;
}

// Decimal digits only (no sign, no spaces), within [0, max].
template <typename T>
std::optional<T> parse_unsigned(std::string_view s, T max = std::numeric_limits<T>::max()) {
    if (s.empty()) return std::nullopt;
    for (char c : s) {
        if (!is_digit(c)) return std::nullopt;
    }
    T value{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size() || value > max) return std::nullopt;
    return value;
}

// RFC 8866 §9: token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A /
// %x5E-7E (visible ASCII without the separators such as '"', '/', ':' and '=').
inline bool is_token_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u == 0x21 || (u >= 0x23 && u <= 0x27) || (u >= 0x2A && u <= 0x2B) ||
           (u >= 0x2D && u <= 0x2E) || (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5A) ||
           (u >= 0x5E && u <= 0x7E);
}

inline bool is_token(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (!is_token_char(c)) return false;
    }
    return true;
}

// Quotes a piece of user input in an error message, cut to a readable length.
inline std::string quoted(std::string_view s) {
    constexpr std::size_t max_shown = 60;
    std::string out = "'";
    out.append(s.substr(0, max_shown));
    if (s.size() > max_shown) out += "...";
    out += "'";
    return out;
}

}  // namespace rtpsec::sdp::detail
