#!/usr/bin/env python3
"""xfer.py: a lab TCP bulk transfer, timed, for tests through tunnels.

Usage: xfer.py server ADDR PORT [SECONDS]
       xfer.py client ADDR PORT up|down BYTES SECONDS

The server listens on ADDR PORT (IPv4 or IPv6), prints "ready" once it
listens, serves each connection in a thread, and exits after SECONDS
(default 120) so that it never outlives a test by much.

The client connects to ADDR PORT and sends one line "up BYTES" or
"down BYTES":
  down: the server sends BYTES bytes and closes; the client counts them.
  up:   the client sends BYTES bytes and shuts its side down; the server
        counts them and answers "got N", so the client knows how much
        arrived at the far end, not merely how much its kernel took.
The client gives up once SECONDS have passed since it started connecting.
It prints one line, "complete: BYTES bytes up|down in T s" (exit 0) or
"incomplete: N of BYTES bytes up|down after T s (REASON)" (exit 1), where
REASON says what it was doing, e.g. "timed out connecting", "timed out
sending"; for "up", N is what the client had handed to its kernel (or the
server's count, once known).  Exit 2 on a usage error.

Bytes sent are zeros: the test is about packet sizes, not content.
"""

import socket
import sys
import threading
import time

CHUNK = 65536


def recv_line(sock):
    """One line of at most 64 bytes, without the newline."""
    data = b""
    while not data.endswith(b"\n"):
        b = sock.recv(1)
        if not b or len(data) > 64:
            raise ValueError("bad request line")
        data += b
    return data[:-1].decode("ascii")


def serve_one(conn, peer):
    try:
        conn.settimeout(60)
        direction, n = recv_line(conn).split()
        n = int(n)
        if direction == "down":
            buf = bytes(CHUNK)
            left = n
            while left > 0:
                left -= conn.send(buf[: min(CHUNK, left)])
            print("%s: sent %d bytes" % (peer, n), flush=True)
        elif direction == "up":
            got = 0
            while True:
                b = conn.recv(CHUNK)
                if not b:
                    break
                got += len(b)
            conn.sendall(b"got %d\n" % got)
            print("%s: received %d bytes" % (peer, got), flush=True)
        conn.shutdown(socket.SHUT_WR)
    except (OSError, ValueError) as e:
        print("%s: %s" % (peer, e), flush=True)
    finally:
        conn.close()


def server(addr, port, seconds):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    ls = socket.socket(fam, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(8)
    print("ready", flush=True)
    end = time.monotonic() + seconds
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return 0
        ls.settimeout(left)
        try:
            conn, peer = ls.accept()
        except socket.timeout:
            return 0
        threading.Thread(target=serve_one, args=(conn, peer[0]), daemon=True).start()


def client(addr, port, direction, n, seconds):
    t0 = time.monotonic()
    end = t0 + seconds
    moved = 0
    phase = "connecting"

    def left():
        t = end - time.monotonic()
        if t <= 0:
            raise socket.timeout("timed out")
        return t

    def result(ok, reason=""):
        t = time.monotonic() - t0
        if ok:
            print("complete: %d bytes %s in %.2f s" % (n, direction, t))
            return 0
        print("incomplete: %d of %d bytes %s after %.2f s (%s)" % (moved, n, direction, t, reason))
        return 1

    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    try:
        s.settimeout(left())
        s.connect((addr, port))
        s.settimeout(left())
        s.sendall(b"%s %d\n" % (direction.encode(), n))
        if direction == "down":
            phase = "receiving"
            while moved < n:
                s.settimeout(left())
                b = s.recv(CHUNK)
                if not b:
                    return result(False, "closed early")
                moved += len(b)
            return result(True)
        phase = "sending"
        buf = bytes(CHUNK)
        while moved < n:
            s.settimeout(left())
            moved += s.send(buf[: min(CHUNK, n - moved)])
        s.shutdown(socket.SHUT_WR)
        phase = "waiting for the server's count"
        reply = b""
        while not reply.endswith(b"\n"):
            s.settimeout(left())
            b = s.recv(64)
            if not b:
                return result(False, "no count from the server")
            reply += b
        moved = int(reply.split()[1])
        return result(moved == n, "the server counted %d" % moved)
    except (OSError, ValueError, IndexError) as e:
        return result(False, "%s %s" % (e or type(e).__name__, phase))
    finally:
        s.close()


def main(argv):
    try:
        if len(argv) in (3, 4) and argv[0] == "server":
            return server(argv[1], int(argv[2]), float(argv[3]) if len(argv) == 4 else 120)
        if len(argv) == 6 and argv[0] == "client" and argv[3] in ("up", "down"):
            return client(argv[1], int(argv[2]), argv[3], int(argv[4]), float(argv[5]))
    except ValueError:
        pass
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
