#!/usr/bin/env python3
"""Writes RTP pcaps for the serve tests (sipp `play_pcap_audio` replays them).

  make_rtp_pcap.py events DIGITS OUT.pcap   RFC 4733 events only: one event per digit, each with its own
                                            RTP timestamp, so a repeated digit ("11") is two key presses.
  make_rtp_pcap.py timed KEYS OUT.pcap      RFC 4733 events at given times: KEYS is "KEY@MS,KEY@MS,..."
                                            (e.g. "1@2000,0@9000"), each MS from the start of the stream.
  make_rtp_pcap.py both DIGIT OUT.pcap      2 s of PCMU audio with a 120 ms in-band DTMF tone of DIGIT at 1 s,
                                            and the same key as RFC 4733 events at the same time, in the same
                                            stream (one SSRC, one sequence space).
Payload types: PCMU 0, telephone-event 101. Standard library only.
"""
import math
import struct
import sys

EVENT_PT = 101
SSRC = 0x1D2C3B4A
KEYS = "0123456789*#ABCD"
FREQS = {"1": (697, 1209), "2": (697, 1336), "3": (697, 1477), "A": (697, 1633),
         "4": (770, 1209), "5": (770, 1336), "6": (770, 1477), "B": (770, 1633),
         "7": (852, 1209), "8": (852, 1336), "9": (852, 1477), "C": (852, 1633),
         "*": (941, 1209), "0": (941, 1336), "#": (941, 1477), "D": (941, 1633)}


def ulaw(sample):
    """G.711 µ-law of one 16-bit sample."""
    bias, clip = 0x84, 32635
    sign = 0x80 if sample < 0 else 0
    s = min(abs(sample), clip) + bias
    exponent = 7
    mask = 0x4000
    while exponent > 0 and not (s & mask):
        exponent -= 1
        mask >>= 1
    mantissa = (s >> (exponent + 3)) & 0x0F
    return (~(sign | (exponent << 4) | mantissa)) & 0xFF


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def frame(payload):
    """Ethernet + IPv4 + UDP around one RTP packet (127.0.0.1:6000 -> 127.0.0.1:6002; sipp rewrites them)."""
    udp = struct.pack("!HHHH", 6000, 6002, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0x4000, 64, 17, 0,
                     bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1]))
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return b"\0" * 6 + b"\x02" + b"\0" * 5 + b"\x08\x00" + ip + udp


class Writer:
    def __init__(self, path):
        self.f = open(path, "wb")
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        self.packets = []

    def rtp(self, at_ms, pt, ts, payload, marker=False):
        self.packets.append((at_ms, len(self.packets), pt, ts, payload, marker))

    def event(self, at_ms, ts, key, duration_ms=100):
        """One key: packets every 20 ms with a growing duration, then three end packets (RFC 4733 2.5.1.4)."""
        code = KEYS.index(key)
        steps = duration_ms // 20
        for i in range(steps):
            dur = (i + 1) * 160
            self.rtp(at_ms + 20 * i, EVENT_PT, ts, struct.pack("!BBH", code, 10, dur), marker=(i == 0))
        for i in range(3):
            self.rtp(at_ms + 20 * (steps + i), EVENT_PT, ts, struct.pack("!BBH", code, 0x80 | 10, steps * 160))

    def close(self):
        """Writes the packets in time order; sequence numbers follow that order (one stream)."""
        for seq, (at_ms, _, pt, ts, payload, marker) in enumerate(sorted(self.packets), start=1000):
            header = struct.pack("!BBHII", 0x80, (0x80 if marker else 0) | pt, seq & 0xFFFF, ts & 0xFFFFFFFF, SSRC)
            data = frame(header + payload)
            sec, usec = divmod(int(at_ms * 1000), 1000000)
            self.f.write(struct.pack("<IIII", 1700000000 + sec, usec, len(data), len(data)) + data)
        self.f.close()


def events(digits, path):
    w = Writer(path)
    at, ts = 200, 16000
    for key in digits:
        w.event(at, ts, key)
        at += 300
        ts += 2400          # a new timestamp per key: "11" is two presses
    w.close()


def timed(spec, path):
    w = Writer(path)
    for item in spec.split(","):
        key, at = item.split("@")
        at = int(at)
        w.event(at, 8 * at, key)   # the timestamp follows the time (8 samples per ms): each press is its own event
    w.close()


def both(digit, path):
    w = Writer(path)
    low, high = FREQS[digit]
    tone_start, tone_end = 8000, 8000 + 960   # samples: 1 s, 120 ms
    for n in range(100):                      # 2 s of 20 ms frames
        ts = n * 160
        samples = []
        for k in range(160):
            i = ts + k
            s = 0.0
            if tone_start <= i < tone_end:
                t = i / 8000.0
                s = 7000 * (math.sin(2 * math.pi * low * t) + math.sin(2 * math.pi * high * t))
            samples.append(int(s))
        w.rtp(n * 20, 0, ts, bytes(ulaw(s) for s in samples), marker=(n == 0))
        if ts == tone_start:
            # The key as events too, interleaved in the same stream (RFC 4733 packets share the sequence space).
            code = KEYS.index(digit)
            for i in range(6):
                w.rtp(n * 20 + 20 * i + 1, EVENT_PT, tone_start, struct.pack("!BBH", code, 10, (i + 1) * 160), marker=(i == 0))
    w.close()


if __name__ == "__main__":
    modes = {"events": events, "timed": timed, "both": both}
    if len(sys.argv) != 4 or sys.argv[1] not in modes:
        sys.exit(__doc__)
    modes[sys.argv[1]](sys.argv[2], sys.argv[3])
