// SPDX-License-Identifier: BSD-3-Clause
#include <stdexcept>

#include <rtpsec/sdp/writer.hpp>

namespace rtpsec::sdp {
namespace {

class Writer {
  public:
    std::string take() { return std::move(out_); }

    // One "<type>=<value>" line; the value must not break the line.
    void line(char type, std::string_view value) {
        if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
            throw std::invalid_argument(std::string("SDP ") + type +
                                        "= value contains a line break or NUL");
        }
        out_ += type;
        out_ += '=';
        out_ += value;
        out_ += "\r\n";
    }

    // A field that the reader splits on whitespace must be one word.
    static const std::string& word(const std::string& field, const char* what) {
        if (field.empty() || field.find_first_of(" \t") != std::string::npos) {
            throw std::invalid_argument(std::string("SDP ") + what + " '" + field +
                                        "' must be one non-empty word");
        }
        return field;
    }

    void attributes(const AttributeList& list) {
        for (const auto& a : list) {
            std::string text = word(a.name, "attribute name");
            if (a.value) {
                text += ':';
                text += *a.value;
            }
            line('a', text);
        }
    }

    void connection(const ConnectionData& c) { line('c', c.to_string()); }

    void bandwidths(const std::vector<Bandwidth>& list) {
        for (const auto& b : list)
            line('b', word(b.type, "bandwidth type") + ":" + std::to_string(b.value));
    }

  private:
    std::string out_;
};

}  // namespace

std::string write(const SessionDescription& d) {
    Writer w;
    // RFC 8866 §5: v o s i u e p c b (t r)+ z k a, then the media sections.
    w.line('v', "0");
    const auto& o = d.origin;
    w.line('o', Writer::word(o.username, "o= username") + " " +
                    Writer::word(o.session_id, "o= session id") + " " +
                    std::to_string(o.session_version) + " " +
                    Writer::word(o.network_type, "o= network type") + " " +
                    Writer::word(o.address_type, "o= address type") + " " +
                    Writer::word(o.address, "o= address"));
    // RFC 8866 §5.3: "s= " stands for "no name".
    w.line('s', d.session_name.empty() ? std::string_view(" ") : d.session_name);
    if (d.information) w.line('i', *d.information);
    if (d.uri) w.line('u', *d.uri);
    for (const auto& e : d.emails)
        w.line('e', e);
    for (const auto& p : d.phones)
        w.line('p', p);
    if (d.connection) w.connection(*d.connection);
    w.bandwidths(d.bandwidths);
    if (d.timings.empty()) w.line('t', "0 0");
    for (const auto& t : d.timings) {
        w.line('t', std::to_string(t.start) + " " + std::to_string(t.stop));
        for (const auto& r : t.repeats)
            w.line('r', r);
    }
    if (d.time_zones) w.line('z', *d.time_zones);
    if (d.encryption_key) w.line('k', *d.encryption_key);
    w.attributes(d.attributes);

    for (const auto& m : d.media) {
        std::string media_line = Writer::word(m.media, "media type") + " " + std::to_string(m.port);
        if (m.port_count) media_line += "/" + std::to_string(*m.port_count);
        media_line += " " + Writer::word(m.proto, "transport protocol");
        for (const auto& format : m.formats)
            media_line += " " + Writer::word(format, "media format");
        w.line('m', media_line);
        if (m.information) w.line('i', *m.information);
        for (const auto& c : m.connections)
            w.connection(c);
        w.bandwidths(m.bandwidths);
        if (m.encryption_key) w.line('k', *m.encryption_key);
        w.attributes(m.attributes);
    }
    return w.take();
}

}  // namespace rtpsec::sdp
