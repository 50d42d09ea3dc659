"""labpkt.py: what the lab's packet makers share (forge.py, flood.py,
inject_rst.py): the Internet checksum (RFC 1071)."""

import struct


def csum(data):
    """The ones' complement of the ones' complement sum of data."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF
