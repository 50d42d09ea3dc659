#!/usr/bin/env python3
"""flood.py: unrelated ICMP and TCP at a host, as fast as one core sends.

Usage: flood.py DST4 DST6 SECONDS

Run inside a neighbour's network namespace. Until SECONDS have passed (or
SIGTERM), it sends to DST4 and DST6 in turn: echo requests and replies
with ids of its own, "port unreachable" errors quoting UDP packets DST
never sent, "too big" errors quoting packets to other hosts, and TCP SYNs
and ACKs to random ports. Then it prints "sent N packets".
"""

import os
import random
import signal
import socket
import struct
import sys
import time

from labpkt import csum


def icmp4(t, code, rest, body):
    m = struct.pack("!BBH4s", t, code, 0, rest) + body
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]


def packets4(dst):
    """(socket kind, payload) pairs for an IPv4 host."""
    other = socket.inet_aton("192.0.2.%d" % random.randint(1, 254))
    quoted = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 1400, 1, 0x4000, 64, 17, 0,
                         dst, other) + os.urandom(8)
    return [
        ("icmp", icmp4(8, 0, os.urandom(4), os.urandom(56))),
        ("icmp", icmp4(0, 0, os.urandom(4), os.urandom(56))),
        ("icmp", icmp4(3, 3, b"\0" * 4, quoted)),
        ("icmp", icmp4(3, 4, struct.pack("!HH", 0, 1280), quoted)),
        ("tcp", struct.pack("!HHIIBBHHH", random.randint(1024, 65535),
                            random.randint(1, 65535), random.getrandbits(32),
                            0, 5 << 4, 0x02, 65535, 0, 0)),
        ("tcp", struct.pack("!HHIIBBHHH", random.randint(1024, 65535),
                            random.randint(1, 65535), random.getrandbits(32),
                            random.getrandbits(32), 5 << 4, 0x10, 65535, 0, 0)),
    ]


def packets6():
    quoted = struct.pack("!IHBB16s16s", 6 << 28, 1400, 17, 64,
                         b"\xfd" + os.urandom(15), b"\x20\x01\x0d\xb8" + os.urandom(12)) \
        + os.urandom(8)
    return [
        ("icmp6", struct.pack("!BBH4s", 128, 0, 0, os.urandom(4)) + os.urandom(56)),
        ("icmp6", struct.pack("!BBH4s", 129, 0, 0, os.urandom(4)) + os.urandom(56)),
        ("icmp6", struct.pack("!BBHI", 1, 4, 0, 0) + quoted),
        ("icmp6", struct.pack("!BBHI", 2, 0, 0, 1280) + quoted),
    ]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.split("\n\n")[1])
    dst4, dst6, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    s = {
        "icmp": socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP),
        "tcp": socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP),
        # the kernel fills in the ICMPv6 checksum
        "icmp6": socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6),
    }
    for sock in s.values():
        sock.setblocking(False)
    stop = [False]
    signal.signal(signal.SIGTERM, lambda *_: stop.__setitem__(0, True))
    d4 = socket.inet_aton(dst4)
    sent = 0
    print("ready", flush=True)
    end = time.monotonic() + seconds
    batch4, batch6 = packets4(d4), packets6()
    while not stop[0] and time.monotonic() < end:
        for kind, p in batch4:
            try:
                s[kind].sendto(p, (dst4, 0))
                sent += 1
            except BlockingIOError:
                pass
        for kind, p in batch6:
            try:
                s[kind].sendto(p, (dst6, 0))
                sent += 1
            except BlockingIOError:
                pass
        if sent % 600 < 10:
            batch4, batch6 = packets4(d4), packets6()
    print("sent %d packets" % sent, flush=True)


if __name__ == "__main__":
    main()
