#!/usr/bin/env python3
"""forge.py: a lab attacker on the path that forges "too big" errors and
RSTs which do not quote or acknowledge the probes they answer.

Usage: forge.py IFACE MTU [SECONDS]

Run inside a router's network namespace. It reads the packets arriving
on IFACE (an AF_PACKET socket) and answers each ICMP echo request and TCP
SYN (IPv4 or IPv6) with forgeries sent back to its source through a raw
socket, from the address of the router's interface there:
  - "fragmentation needed" / "packet too big" reporting MTU, quoting the
    probe with one field changed: the ICMP id, the ICMP sequence number,
    a byte of the payload (the cookie), the destination address, or, for a
    SYN, the source port or the sequence number;
  - for a SYN, a RST+ACK from the destination whose ack number is not the
    SYN's sequence number plus one plus its data.
A blind attacker can send such packets; only one that sees the probes can
quote them exactly, and nothing can tell its packets from the path's.

It prints "ready" once listening, and when it exits (after SECONDS,
default 60, or on SIGTERM) one line "forged N packets for M probes".
"""

import signal
import socket
import struct
import sys
import time

from labpkt import csum

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
TH_SYN, TH_RST, TH_ACK = 0x02, 0x04, 0x10
IP4_QUOTE = 576 - 20 - 8      # RFC 1812: as much as fits in 576 bytes
IP6_QUOTE = 1280 - 40 - 8     # RFC 4443: as much as fits in 1280 bytes


def ip4_header(src, dst, proto, payload_len):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + payload_len, 0x4242, 0,
                    64, proto, 0, src, dst)
    return h[:10] + struct.pack("!H", csum(h)) + h[12:]


def ip6_header(src, dst, nxt, payload_len):
    return struct.pack("!IHBB16s16s", 6 << 28, payload_len, nxt, 64, src, dst)


def pseudo6(src, dst, nxt, n):
    return src + dst + struct.pack("!IxxxB", n, nxt)


def variants(pkt, v6):
    """The probe with one field changed, per kind of forgery."""
    hl = 40 if v6 else (pkt[0] & 0x0F) * 4
    proto = pkt[6] if v6 else pkt[9]
    dst = 24 if v6 else 16
    out = []

    def changed(off, size=1):
        b = bytearray(pkt)
        for i in range(off, off + size):
            b[i] ^= 0x5A
        return bytes(b)

    out.append(changed(dst + (15 if v6 else 3)))         # destination
    if proto in (1, 58):
        out.append(changed(hl + 4, 2))                   # ICMP id
        out.append(changed(hl + 6, 2))                   # sequence
        if len(pkt) > hl + 16:
            out.append(changed(hl + 8, 8))               # the cookie
    elif proto == 6:
        out.append(changed(hl, 2))                       # source port
        out.append(changed(hl + 4, 4))                   # sequence
    return out


def too_big(router, probe, mtu, v6):
    """The ICMP error from router to the probe's source, quoting probe."""
    if v6:
        src, quote = probe[8:24], probe[:IP6_QUOTE]
        body = struct.pack("!BBHI", 2, 0, 0, mtu) + quote
        c = csum(pseudo6(router, src, 58, len(body)) + body)
        body = body[:2] + struct.pack("!H", c) + body[4:]
        return src, ip6_header(router, src, 58, len(body)) + body
    src, quote = probe[12:16], probe[:IP4_QUOTE]
    body = struct.pack("!BBHHH", 3, 4, 0, 0, mtu) + quote
    body = body[:2] + struct.pack("!H", csum(body)) + body[4:]
    return src, ip4_header(router, src, 1, len(body)) + body


def bad_rst(probe, v6):
    """A RST+ACK from the SYN's destination whose ack is off by 1000."""
    hl = 40 if v6 else (probe[0] & 0x0F) * 4
    src, dst = (probe[8:24], probe[24:40]) if v6 else (probe[12:16], probe[16:20])
    sport, dport, seq = struct.unpack("!HHI", probe[hl:hl + 8])
    seg = struct.pack("!HHIIBBHHH", dport, sport, 0, (seq + 1001) & 0xFFFFFFFF,
                      5 << 4, TH_RST | TH_ACK, 0, 0, 0)
    if v6:
        c = csum(pseudo6(dst, src, 6, len(seg)) + seg)
        seg = seg[:16] + struct.pack("!H", c) + seg[18:]
        return src, ip6_header(dst, src, 6, len(seg)) + seg
    c = csum(dst + src + struct.pack("!BBH", 0, 6, len(seg)) + seg)
    seg = seg[:16] + struct.pack("!H", c) + seg[18:]
    return src, ip4_header(dst, src, 6, len(seg)) + seg


def router_address(ifname, family):
    """The first global address of ifname in this namespace."""
    import subprocess
    out = subprocess.run(["ip", "-o", "-%d" % (6 if family == socket.AF_INET6 else 4),
                          "addr", "show", "dev", ifname, "scope", "global"],
                         capture_output=True, text=True, check=True).stdout
    return socket.inet_pton(family, out.split()[3].split("/")[0])


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.split("\n\n")[1])
    ifname, mtu = sys.argv[1], int(sys.argv[2])
    seconds = float(sys.argv[3]) if len(sys.argv) == 4 else 60.0
    r4 = router_address(ifname, socket.AF_INET)
    r6 = router_address(ifname, socket.AF_INET6)
    sniff = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sniff.bind((ifname, 0))
    sniff.settimeout(0.2)
    out4 = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    out6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
    sent = probes = 0
    stop = [False]
    signal.signal(signal.SIGTERM, lambda *_: stop.__setitem__(0, True))
    print("ready", flush=True)
    end = time.monotonic() + seconds
    while not stop[0] and time.monotonic() < end:
        try:
            frame, addr = sniff.recvfrom(65535)
        except socket.timeout:
            continue
        except InterruptedError:
            continue
        if addr[2] == PACKET_OUTGOING or len(frame) < 14 + 40:
            continue
        ethertype = struct.unpack("!H", frame[12:14])[0]
        pkt = frame[14:]
        v6 = ethertype == 0x86DD
        if not v6 and ethertype != 0x0800:
            continue
        hl = 40 if v6 else (pkt[0] & 0x0F) * 4
        proto = pkt[6] if v6 else pkt[9]
        echo = (proto == 1 and pkt[hl] == 8) or (proto == 58 and pkt[hl] == 128)
        syn = proto == 6 and len(pkt) >= hl + 14 and pkt[hl + 13] & (TH_SYN | TH_ACK) == TH_SYN
        if not echo and not syn:
            continue
        probes += 1
        for bad in variants(pkt, v6):
            dst, p = too_big(r6 if v6 else r4, bad, mtu, v6)
            (out6 if v6 else out4).sendto(p, (socket.inet_ntop(
                socket.AF_INET6 if v6 else socket.AF_INET, dst), 0))
            sent += 1
        if syn:
            dst, p = bad_rst(pkt, v6)
            (out6 if v6 else out4).sendto(p, (socket.inet_ntop(
                socket.AF_INET6 if v6 else socket.AF_INET, dst), 0))
            sent += 1
    print("forged %d packets for %d probes" % (sent, probes), flush=True)


if __name__ == "__main__":
    main()
