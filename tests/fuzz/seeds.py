#!/usr/bin/env python3
"""Writes the seed corpora of the fuzzers into tests/fuzz/corpus/.

fuzz_udp: paths (family, "too big" or not, the link's MTU) each with a
forger's entries: a "too big" and a "port unreachable" that copy all
the datagram's addresses and port but cannot show the cookie.
fuzz_pkt: every packet the unit tests keep from the lab (the byte arrays
of tests/unit/test_pkt.c and test_tcp.c), behind the byte that picks its
parser. fuzz_opts: command lines from the README and the man page, one
argument per NUL-terminated word. fuzz_wgconf reads tests/unit/wgconf/
as it is.

    tests/fuzz/seeds.py          (from the top of the source tree)
"""

import os
import re
import socket
import struct
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
            data = bytes(int(x, 0) for x in
                         re.findall(r"\b0x[0-9a-fA-F]{1,2}\b|\b[0-9]{1,3}\b", body))
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


# What a WireGuard interface says of itself: a userspace answer to
# "get=1", and a generic netlink dump of one device (fwmark 51820, a peer
# at 10.99.3.2:51820) with its NLMSG_DONE.
def wg_genl():
    def attr(t, payload):
        n = 4 + len(payload)
        return struct.pack("=HH", n, t) + payload + b"\0" * (-n % 4)
    sin = struct.pack("=H", socket.AF_INET) + struct.pack(">H", 51820) + \
        socket.inet_aton("10.99.3.2") + b"\0" * 8
    peer = attr(0, attr(4, sin))             # WGPEER_A_ENDPOINT
    body = struct.pack("=BBH", 0, 1, 0) + attr(2, b"wg0\0") + \
        attr(7, struct.pack("=I", 51820)) + attr(8 | 0x8000, peer)
    msg = struct.pack("=IHHII", 16 + len(body), 0x1d, 2, 2, 0) + body
    done = struct.pack("=IHHII", 20, 3, 2, 2, 0) + b"\0" * 4
    return msg + done


WG_ANSWERS = [
    b"private_key=00\nlisten_port=40213\nfwmark=51820\npublic_key=01\n"
    b"endpoint=10.99.3.2:51820\nallowed_ip=0.0.0.0/0\npublic_key=02\n"
    b"endpoint=[fd00:99:3::2]:51821\nerrno=0\n\n",
    b"errno=19\n\n",
    wg_genl(),
]


# fuzz_udp: byte 0 family | 2 * "too big", the MTU, then entries: flags
# (1 from the host, 2 the kernel reports the host, 4 the port sent), type,
# code, info, port, quote length, quote.
def udp_paths():
    def entry(flags, typ, code, info, quote):
        return struct.pack(">BBBIHB", flags, typ, code, info, 0,
                           len(quote)) + quote
    for v6 in (0, 1):
        ptb = (2, 0, 4) if not v6 else (2, 2, 0)
        unreach = (3, 3, 3) if not v6 else (7, 1, 4)
        for says in (0, 2):
            for mtu in (1280, 1380, 1500):
                yield "%s-%s-%d" % ("v6" if v6 else "v4",
                                    "ptb" if says else "bh", mtu), \
                    struct.pack(">BH", v6 | says, mtu) + \
                    entry(ptb[0] | 4, ptb[1], ptb[2], 600, b"\0" * 8) + \
                    entry(unreach[0] | 4, unreach[1], unreach[2], 0, b"")


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
    for i, answer in enumerate(WG_ANSWERS):
        write(os.path.join(OUT, "fuzz_wg"), "answer%02d" % i, answer)
    paths = list(udp_paths())
    for name, data in paths:
        write(os.path.join(OUT, "fuzz_udp"), name, data)
    print("fuzz_pkt: %d packets, fuzz_opts: %d command lines, "
          "fuzz_wg: %d answers, fuzz_udp: %d paths" %
          (n, len(COMMAND_LINES), len(WG_ANSWERS), len(paths)))


if __name__ == "__main__":
    main()
