#!/usr/bin/env python3
"""clients.py: hostile HTTP clients for tests/scripts/web_hostile_*.sh.

  slow PORT N IPS SECONDS   N connections from IPS loopback addresses
                            (127.0.0.2, ...), each sending one header line
                            every 4 s and never finishing its request, while a
                            normal client on 127.0.0.1 asks for a page every
                            0.5 s; prints what the normal client got and what
                            became of the slow connections.
  idle PORT N SECONDS       the same with N connections that send nothing.
  trickle PORT              one client sending a header line every second:
                            prints when and how the server ended it.
  raw PORT                  reads "STATUS NAME EXPR" lines from stdin (EXPR: a
                            Python bytes expression, PORT in it replaced),
                            sends each request on its own connection, prints
                            NAME, the expected STATUS, the status got (0 =
                            none) and the seconds until the answer.
"""
import selectors
import socket
import sys
import time


def normal_get(port, path="/api/repos?per=1", timeout=5.0):
    """One ordinary request from 127.0.0.1: (seconds, status or 0)."""
    t = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                      source_address=("127.0.0.1", 0)) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                      "Connection: close\r\n\r\n".encode())
            head = s.recv(64)
        status = int(head.split()[1]) if head.startswith(b"HTTP/1.1 ") else 0
    except (OSError, ValueError, IndexError):
        status = 0
    return time.monotonic() - t, status


def open_many(port, n, ips, first_line):
    socks = []
    for i in range(n):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5,
                                         source_address=(f"127.0.0.{2 + i % ips}", 0))
            s.setblocking(False)
            if first_line:
                s.send(first_line)
            socks.append(s)
        except OSError:
            pass
    return socks


def attack(port, n, ips, seconds, trickle):
    socks = open_many(port, n, ips, b"GET / HTTP/1.1\r\n" if trickle else b"")
    fate = {}  # socket -> "408" | "closed" | "reset"
    sel = selectors.DefaultSelector()
    for s in socks:
        sel.register(s, selectors.EVENT_READ)
    served, worst, failed = 0, 0.0, 0
    start = last_line = next_get = time.monotonic()
    line = 0
    while time.monotonic() - start < seconds:
        now = time.monotonic()
        if trickle and now - last_line >= 4:
            line += 1
            for s in socks:
                if s not in fate:
                    try:
                        s.send(b"X-Slow-%d: still here\r\n" % line)
                    except OSError:
                        pass
            last_line = now
        if now >= next_get:
            took, status = normal_get(port)
            worst = max(worst, took)
            if status == 200 and took < 1.0:
                served += 1
            else:
                failed += 1
            next_get = now + 0.5
        for key, _ in sel.select(timeout=0.05):
            s = key.fileobj
            try:
                data = s.recv(64)
                fate[s] = "408" if data.startswith(b"HTTP/1.1 408") else "closed" if not data else "other"
            except OSError:
                fate[s] = "reset"
            sel.unregister(s)
    counts = {k: list(fate.values()).count(k) for k in ("408", "closed", "reset", "other")}
    print(f"opened={len(socks)} served={served} failed={failed} worst_ms={worst * 1000:.0f} "
          f"still_open={len(socks) - len(fate)} " + " ".join(f"{k}={v}" for k, v in counts.items()))
    for s in socks:
        s.close()


def trickle_one(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    t = time.monotonic()
    s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    s.settimeout(1.0)
    i = 0
    while time.monotonic() - t < 30:
        try:
            data = s.recv(200)
            what = data.split(b"\r\n")[0].decode() if data else "closed"
            print(f"after {time.monotonic() - t:.1f} s: {what}")
            return
        except socket.timeout:
            i += 1
            try:
                s.sendall(b"X-Trickle-%d: 1\r\n" % i)
            except OSError:
                print(f"after {time.monotonic() - t:.1f} s: reset")
                return
        except OSError:
            print(f"after {time.monotonic() - t:.1f} s: reset")
            return
    print("after 30 s: still open")


def raw(port):
    for line in sys.stdin:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        want, name, expr = line.split(" ", 2)
        req = eval(expr, {"__builtins__": {}, "range": range}).replace(b"PORT", str(port).encode())  # our own test lines
        t = time.monotonic()
        status = 0
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=12) as s:
                try:
                    s.sendall(req)
                except OSError:
                    pass  # answered and closed before the whole request was sent
                head = s.recv(64)
                if head.startswith(b"HTTP/1.1 "):
                    status = int(head.split()[1])
        except (OSError, ValueError):
            pass
        print(f"{name} {want} {status} {time.monotonic() - t:.2f}")


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    if mode == "slow":
        attack(port, int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), True)
    elif mode == "idle":
        attack(port, int(sys.argv[3]), 1, float(sys.argv[4]), False)
    elif mode == "trickle":
        trickle_one(port)
    elif mode == "raw":
        raw(port)


if __name__ == "__main__":
    main()
