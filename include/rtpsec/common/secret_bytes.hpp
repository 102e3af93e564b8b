// SPDX-License-Identifier: BSD-3-Clause
// SecretBytes: an owned byte buffer for key material that is wiped when it dies.
//
// Used at the one seam between dtls/ and srtp/ (exported keying material) and
// for every copy of a key or salt. Move-only so no stray copy outlives the
// wipe; the wipe uses explicit_bzero, which the compiler may not elide.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string.h>  // explicit_bzero (glibc)
#include <utility>

#include <rtpsec/common/export.hpp>

namespace rtpsec {

class RTPSEC_EXPORT SecretBytes {
  public:
    SecretBytes() = default;
    explicit SecretBytes(std::size_t size)
        : data_(std::make_unique<std::uint8_t[]>(size)), size_(size) {}
    explicit SecretBytes(std::span<const std::uint8_t> bytes) : SecretBytes(bytes.size()) {
        std::copy(bytes.begin(), bytes.end(), data_.get());
    }
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;
    SecretBytes(SecretBytes&& other) noexcept
        : data_(std::move(other.data_)), size_(std::exchange(other.size_, 0)) {}
    SecretBytes& operator=(SecretBytes&& other) noexcept {
        if (this != &other) {
            wipe();
            data_ = std::move(other.data_);
            size_ = std::exchange(other.size_, 0);
        }
        return *this;
    }
    ~SecretBytes() { wipe(); }

    std::uint8_t* data() { return data_.get(); }
    const std::uint8_t* data() const { return data_.get(); }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::span<std::uint8_t> span() { return {data_.get(), size_}; }
    std::span<const std::uint8_t> span() const { return {data_.get(), size_}; }

    // An explicit copy, for the rare place that needs one (it is wiped too).
    SecretBytes clone() const { return SecretBytes(span()); }

  private:
    void wipe() noexcept {
        if (data_) explicit_bzero(data_.get(), size_);
    }

    std::unique_ptr<std::uint8_t[]> data_;
    std::size_t size_ = 0;
};

}  // namespace rtpsec
