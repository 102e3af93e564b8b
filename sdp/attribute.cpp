// SPDX-License-Identifier: BSD-3-Clause
#include <algorithm>

#include <rtpsec/sdp/attribute.hpp>

#include "text.hpp"

namespace rtpsec::sdp {

std::optional<std::string_view> AttributeList::find(std::string_view name) const {
    for (const auto& a : items_) {
        if (detail::iequals(a.name, name)) return a.value ? std::string_view(*a.value) : "";
    }
    return std::nullopt;
}

std::vector<std::string_view> AttributeList::find_all(std::string_view name) const {
    std::vector<std::string_view> values;
    for (const auto& a : items_) {
        if (detail::iequals(a.name, name))
            values.push_back(a.value ? std::string_view(*a.value) : "");
    }
    return values;
}

bool AttributeList::contains(std::string_view name) const {
    return find(name).has_value();
}

void AttributeList::add(std::string name, std::optional<std::string> value) {
    items_.push_back({std::move(name), std::move(value)});
}

void AttributeList::set(std::string_view name, std::optional<std::string> value) {
    const auto first = std::find_if(items_.begin(), items_.end(), [&](const Attribute& a) {
        return detail::iequals(a.name, name);
    });
    if (first == items_.end()) {
        add(std::string(name), std::move(value));
        return;
    }
    first->name = std::string(name);
    first->value = std::move(value);
    items_.erase(std::remove_if(std::next(first), items_.end(),
                                [&](const Attribute& a) { return detail::iequals(a.name, name); }),
                 items_.end());
}

std::size_t AttributeList::remove(std::string_view name) {
    const auto before = items_.size();
    std::erase_if(items_, [&](const Attribute& a) { return detail::iequals(a.name, name); });
    return before - items_.size();
}

}  // namespace rtpsec::sdp
