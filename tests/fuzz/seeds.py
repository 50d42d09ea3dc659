#!/usr/bin/env python3
"""Writes the seed corpora of the fuzzers into tests/fuzz/corpus/.

fuzz_pkt: every packet the unit tests keep from the lab (the byte arrays
of tests/unit/test_pkt.c and test_tcp.c), behind the byte that picks its
parser. fuzz_opts: command lines from the README and the man page, one
argument per NUL-terminated word. fuzz_wgconf reads tests/unit/wgconf/
as it is.

    tests/fuzz/seeds.py          (from the top of the source tree)
"""

import os
import re
import sys

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(TOP, "tests", "fuzz", "corpus")
TCP = ("synack", "rst", "ack")

ARRAY = re.compile(
    r"static const uint8_t (\w+)\[(\d+)\] = \{(.*?)\};", re.S)


def parser(name):
    """The first byte of a seed: 0 ICMP4, 1 ICMPv6, 2 TCP4, 3 TCP6."""
    tcp = name.startswith(TCP)
    return (2 if tcp else 0) + (1 if name.endswith("6") else 0)


def packets():
    for src in ("test_pkt.c", "test_tcp.c"):
        with open(os.path.join(TOP, "tests", "unit", src)) as f:
            text = f.read()
        for name, n, body in ARRAY.findall(text):
            if not name[-1] in "46":
                continue
            data = bytes(int(x, 16) for x in re.findall(r"0x([0-9a-fA-F]{2})", body))
            if len(data) != int(n):
                sys.exit("%s: %s: %d bytes, not %s" % (src, name, len(data), n))
            yield name, bytes([parser(name)]) + data


COMMAND_LINES = [
    ["server.lab"],
    ["-6", "--tcp", "443", "--icmp", "--trace", "--json", "fd00:99:3::2"],
    ["--min", "1300", "--max=1400", "--min-wait", "20", "--max-wait", "500", "h"],
    ["--path-mtu", "1380", "--tunnel", "wireguard,esp-gcm-tunnel-natt,gre-key"],
    ["-4", "--path-mtu", "1380", "--wg"],
    ["--wg-config", "/etc/wireguard/wg0.conf", "--write", "--tcp=22"],
    ["--rst-check", "80", "--json", "server.lab"],
    ["--tunnel", "list"],
    ["--apply", "-i", "wg0", "--tunnel", "wireguard", "vpn.example.com"],
    ["--clamp", "--mss", "1340", "--src", "10.0.0.0/24", "--dst",
     "fd00::/64", "--ipsec", "--hook", "postrouting"],
    ["--remove"],
]


def write(d, name, data):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    n = 0
    for name, data in packets():
        write(os.path.join(OUT, "fuzz_pkt"), name, data)
        n += 1
    for i, words in enumerate(COMMAND_LINES):
        write(os.path.join(OUT, "fuzz_opts"), "line%02d" % i,
              b"".join(w.encode() + b"\0" for w in words))
    print("fuzz_pkt: %d packets, fuzz_opts: %d command lines"
          % (n, len(COMMAND_LINES)))


if __name__ == "__main__":
    main()
