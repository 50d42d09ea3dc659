#!/usr/bin/env python3
"""inject_rst.py: a lab middlebox that answers SYNs with a RST carrying text.

Usage: inject_rst.py IFACE PORT TEXT [SECONDS]

Run inside a router's network namespace.  It reads the packets arriving on
IFACE (an AF_PACKET socket: it sees them before the router's own filters,
so an nftables rule may drop the SYNs it answers) and answers every TCP SYN
to PORT (IPv4 or IPv6) with a RST+ACK to the SYN's sender: the server's
address as source, the ports swapped, seq 0, ack = SYN seq + 1 + data,
TEXT as the RST's payload, valid IP and TCP checksums, TTL / hop limit 64.
It is sent through a raw IP socket (header included).

Like a device in the forward path of the router, it only answers SYNs the
router would forward: those arriving with a TTL / hop limit of 2 or more
(with 1, the router answers "time exceeded" itself).

It prints "ready" once listening, then one line per RST sent, and exits
after SECONDS (default 60) so that it never outlives a test by much.
"""

import os
import select
import socket
import struct
import sys
import time

from labpkt import csum

ETH_P_IP = 0x0800
ETH_P_IPV6 = 0x86DD
PACKET_OUTGOING = 4
TH_SYN, TH_RST, TH_ACK = 0x02, 0x04, 0x10


def tcp_rst(src, dst, pseudo_fn, sport, dport, ack, text):
    """The RST+ACK segment from src:sport to dst:dport, checksummed."""
    hdr = struct.pack("!HHIIBBHHH", sport, dport, 0, ack, 5 << 4,
                      TH_RST | TH_ACK, 0, 0, 0)
    seg = hdr + text
    c = csum(pseudo_fn(src, dst, len(seg)) + seg)
    return seg[:16] + struct.pack("!H", c) + seg[18:]


def pseudo4(src, dst, n):
    return src + dst + struct.pack("!BBH", 0, socket.IPPROTO_TCP, n)


def pseudo6(src, dst, n):
    return src + dst + struct.pack("!IxxxB", n, socket.IPPROTO_TCP)


def answer4(pkt, port, text, out):
    if len(pkt) < 20 or pkt[0] >> 4 != 4 or pkt[9] != socket.IPPROTO_TCP:
        return None
    ihl = (pkt[0] & 15) * 4
    total = struct.unpack("!H", pkt[2:4])[0]
    ttl = pkt[8]
    if struct.unpack("!H", pkt[6:8])[0] & 0x3FFF:
        return None  # a fragment
    tcp = pkt[ihl:total]
    if len(tcp) < 20:
        return None
    sport, dport, seq = struct.unpack("!HHI", tcp[:8])
    doff = (tcp[12] >> 4) * 4
    flags = tcp[13]
    if dport != port or flags & (TH_SYN | TH_ACK | TH_RST) != TH_SYN or ttl < 2:
        return None
    src, dst = pkt[12:16], pkt[16:20]
    data = max(len(tcp) - doff, 0)
    ack = (seq + 1 + data) & 0xFFFFFFFF
    seg = tcp_rst(dst, src, pseudo4, dport, sport, ack, text)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(seg),
                     int.from_bytes(os.urandom(2), "big"), 0x4000, 64,
                     socket.IPPROTO_TCP, 0, dst, src)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    out.sendto(ip + seg, (socket.inet_ntop(socket.AF_INET, src), 0))
    return "%s:%d > %s:%d ack %d (SYN ttl %d)" % (
        socket.inet_ntop(socket.AF_INET, dst), dport,
        socket.inet_ntop(socket.AF_INET, src), sport, ack, ttl)


def answer6(pkt, port, text, out):
    # No extension headers: the next header must be TCP.
    if len(pkt) < 40 or pkt[0] >> 4 != 6 or pkt[6] != socket.IPPROTO_TCP:
        return None
    plen = struct.unpack("!H", pkt[4:6])[0]
    hlim = pkt[7]
    tcp = pkt[40:40 + plen]
    if len(tcp) < 20:
        return None
    sport, dport, seq = struct.unpack("!HHI", tcp[:8])
    doff = (tcp[12] >> 4) * 4
    flags = tcp[13]
    if dport != port or flags & (TH_SYN | TH_ACK | TH_RST) != TH_SYN or hlim < 2:
        return None
    src, dst = pkt[8:24], pkt[24:40]
    data = max(len(tcp) - doff, 0)
    ack = (seq + 1 + data) & 0xFFFFFFFF
    seg = tcp_rst(dst, src, pseudo6, dport, sport, ack, text)
    ip = struct.pack("!IHBB16s16s", 6 << 28, len(seg), socket.IPPROTO_TCP,
                     64, dst, src)
    out.sendto(ip + seg, (socket.inet_ntop(socket.AF_INET6, src), 0))
    return "%s.%d > %s.%d ack %d (SYN hlim %d)" % (
        socket.inet_ntop(socket.AF_INET6, dst), dport,
        socket.inet_ntop(socket.AF_INET6, src), sport, ack, hlim)


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit("usage: inject_rst.py IFACE PORT TEXT [SECONDS]")
    iface, port, text = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
    deadline = time.monotonic() + (float(sys.argv[4]) if len(sys.argv) > 4 else 60)

    taps = {}
    for proto, fn, fam in ((ETH_P_IP, answer4, socket.AF_INET),
                           (ETH_P_IPV6, answer6, socket.AF_INET6)):
        tap = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                            socket.htons(proto))
        tap.bind((iface, proto))
        # IPPROTO_RAW: the IP header is ours (IP_HDRINCL / IPV6_HDRINCL).
        out = socket.socket(fam, socket.SOCK_RAW, socket.IPPROTO_RAW)
        taps[tap] = (fn, out)
    print("ready", flush=True)

    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        ready, _, _ = select.select(list(taps), [], [], left)
        for tap in ready:
            pkt, addr = tap.recvfrom(65535)
            if addr[2] == PACKET_OUTGOING:
                continue
            fn, out = taps[tap]
            said = fn(pkt, port, text, out)
            if said:
                print("RST " + said, flush=True)


if __name__ == "__main__":
    main()
