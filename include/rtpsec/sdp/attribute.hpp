// SPDX-License-Identifier: BSD-3-Clause
// SDP attributes (RFC 8866 §5.13): the a= lines of a session or media section,
// kept in their original order, known or not, so that writing a parsed
// description back changes nothing nobody touched.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rtpsec/common/export.hpp>

namespace rtpsec::sdp {

struct RTPSEC_EXPORT Attribute {
    std::string name;  // as written; looked up case-insensitively
    // nullopt for a property attribute ("a=rtcp-mux"); "" for "a=name:".
    std::optional<std::string> value;

    friend bool operator==(const Attribute&, const Attribute&) = default;
};

// The a= lines of one level, in order. Lookups ignore the case of names: the
// attributes we interpret are registered in lower case, and senders that
// capitalise them ("a=Setup:...") mean the same thing.
class RTPSEC_EXPORT AttributeList {
  public:
    // Value of the first attribute named `name`; "" for a property attribute.
    std::optional<std::string_view> find(std::string_view name) const;
    // Values of every attribute named `name`, in order.
    std::vector<std::string_view> find_all(std::string_view name) const;
    bool contains(std::string_view name) const;

    void add(std::string name, std::optional<std::string> value = std::nullopt);
    // Replaces every attribute named `name` by one, at the place of the first
    // (or at the end if there was none).
    void set(std::string_view name, std::optional<std::string> value = std::nullopt);
    // Removes every attribute named `name`; returns how many.
    std::size_t remove(std::string_view name);

    const std::vector<Attribute>& items() const { return items_; }
    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }
    auto begin() const { return items_.begin(); }
    auto end() const { return items_.end(); }

    friend bool operator==(const AttributeList&, const AttributeList&) = default;

  private:
    std::vector<Attribute> items_;
};

}  // namespace rtpsec::sdp
