#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Writes the fuzz seeds under seeds/<target>/ from the unit tests' vectors.

Run from anywhere: python3 test/rtp/seeds/make_seeds.py. The seeds are
checked in; rerun after changing a vector here.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def h(text):
    return bytes.fromhex(text.replace("\n", " "))


RTP = {
    "pcmu_marker": h("80 80 00 01 00 00 00 a0 11 22 33 44 ab cd"),
    "csrc_one_byte_ext_padding": h(
        "b3 ef ff ff de ad be ef 12 34 56 78 01 02 03 04 a0 b0 c0 d0 ff ff ff ff"
        "be de 00 02 10 85 32 12 34 56 00 00") + bytes(range(160)) + h("00 00 00 00 00 00 07"),
    "raw_extension_padding": h(
        "b0 60 00 2a 00 00 00 00 00 00 00 00 ab cd 00 02 01 02 03 04 05 06 07 08 00 00 00 04"),
    "two_byte_ext": h("90 60 00 01 00 00 00 00 00 00 00 01 10 00 00 03"
                      "01 01 85 14 00 03 03 12 34 56 00 00 aa bb"),
    "one_byte_ext_stop_id": h("90 60 00 01 00 00 00 00 00 00 00 01 be de 00 02"
                              "10 85 ff 20 aa bb cc dd 01 02"),
    "padding_whole_body": h("a0 00 00 01 00 00 00 00 00 00 00 01 00 00 03"),
    "bad_csrc_past_end": h("82 00 00 01 00 00 00 00 00 00 00 01 00 00 00 02"),
    "bad_extension_past_end": h("90 00 00 01 00 00 00 00 00 00 00 01 be de 00 02 10 aa 00 00"),
    "bad_padding_zero": h("a0 00 00 01 00 00 00 00 00 00 00 01 aa bb 00"),
    "bad_element_past_end": h("90 00 00 01 00 00 00 00 00 00 00 01 be de 00 01 13 aa bb cc"),
}

RR_SDES_BYE = h(
    "81 c9 00 07 11 22 33 44 aa bb cc dd 40 00 00 05 00 01 00 10 00 00 00 20"
    "12 34 56 78 00 01 80 00"
    "81 ca 00 04 11 22 33 44 01 06 61 62 63 64 65 66 00 00 00 00"
    "81 cb 00 02 11 22 33 44 03 62 79 65")

RTCP = {
    "rr_sdes_bye": RR_SDES_BYE,
    "sr_two_blocks": h("82 c8 00 12 55 55 55 55 e8 d4 a5 10 00 00 00 00 12 34 56 78"
                       "00 00 03 e8 00 02 71 00"
                       "00 00 00 01 ff ff ff fb ff ff ff ff ff ff ff ff 00 00 00 00 00 00 00 00"
                       "00 00 00 02 00 7f ff ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                       "82 ca 00 06 aa aa aa aa 01 01 62 00 bb bb bb bb 06 06 72 74 70 73 65 63"
                       "00 00 00 00"),
    "rr_app": h("80 c9 00 01 00 00 00 09"
                "91 cc 00 04 01 02 03 04 54 45 53 54 de ad be ef 01 02 03 04"),
    "rr_nack_pli": h("80 c9 00 01 0a 0a 0a 0a"
                     "81 cd 00 03 0a 0a 0a 0a 0b 0b 0b 0b 00 10 00 03"
                     "81 ce 00 02 0a 0a 0a 0a 0b 0b 0b 0b"),
    "rr_bye_padded": h("80 c9 00 01 00 00 00 01"
                       "a1 cb 00 03 00 00 00 01 00 00 00 00 00 00 00 08"),
    "lone_padded_rr": h("a0 c9 00 02 00 00 00 01 00 00 00 04"),
    "reduced_size_pli": h("81 ce 00 02 00 00 00 01 00 00 00 02"),
    "bad_sdes_item": h("81 ca 00 03 00 00 00 01 01 09 61 62 63 64 65 66"),
    "bad_padding_first": h("a0 c9 00 02 00 00 00 01 00 00 00 04 80 c9 00 01 00 00 00 01"),
}


def stats_seed(config, records, first=b"\x80\x00"):
    """classify_stats input: two bytes for the classifier, then the config
    (1 + 2 + 2 bytes), then records of flags, sequence, timestamp, arrival
    step."""
    out = first + config
    for flags, seq, ts, step in records:
        out += struct.pack(">BHIH", flags, seq & 0xffff, ts & 0xffffffff, step)
    return out


def steady(start, count, flags=0x01, jitter=0):
    return [(flags if i % 10 == 9 else 0x10, start + i, 160 * i, 160 + (jitter if i % 2 else -jitter))
            for i in range(count)]


CONFIG = struct.pack(">BHH", 1, 3000, 100)  # min_sequential 2, RFC defaults

CLASSIFY_STATS = {
    "stun": h("00 01 00 00 21 12 a4 42 00 00 00 00 00 00 00 00 00 00 00 00"),
    "dtls": h("16 fe fd 00 00 00 00 00 00 00 00 00 10"),
    "turn": h("40 00 00 04 de ad be ef"),
    "rtcp": h("80 c9 00 01 11 22 33 44"),
    "rtp_loss_reorder": stats_seed(
        CONFIG, [(0x10, 100, 0, 160), (0x10, 101, 160, 160), (0x10, 103, 480, 160),
                 (0x11, 102, 320, 160), (0x13, 105, 800, 160), (0x15, 105, 800, 10)]),
    "rtp_wrap": stats_seed(CONFIG, steady(65530, 20)),
    "rtp_jitter": stats_seed(CONFIG, steady(1, 40, jitter=40)),
    "rtp_restart": stats_seed(
        CONFIG, [(0x10, 1000, 0, 160), (0x10, 1001, 160, 160), (0x11, 9000, 5, 160),
                 (0x11, 9001, 165, 160), (0x1d, 9002, 325, 65535)]),
    "many_sources": stats_seed(
        CONFIG, [((i % 16) << 4 | (i % 16), i // 4, 160 * i, 50) for i in range(64)]),
}


def write(target, seeds):
    folder = os.path.join(HERE, target)
    os.makedirs(folder, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)


write("rtp", RTP)
write("rtcp", RTCP)
write("classify_stats", CLASSIFY_STATS)
