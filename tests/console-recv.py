#!/usr/bin/env python3
"""Stand-in for conmon / containerd's shim on the other end of --console-socket.

usage: console-recv.py SOCKET OUTPUT [INPUT]
Listens on SOCKET, receives one fd (SCM_RIGHTS) as the engines do, records the
name sent with it on the first line of OUTPUT, writes INPUT (if given) to the
pty, then copies the pty to OUTPUT until it closes.  Prints "ready" on stdout
once it listens.
"""
import os
import socket
import sys

path, out = sys.argv[1], sys.argv[2]
data = sys.argv[3].encode() if len(sys.argv) > 3 else b""
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
srv.listen(1)
print("ready", flush=True)
conn, _ = srv.accept()
msg, fds, _, _ = socket.recv_fds(conn, 1024, 1)
with open(out, "wb") as f:
    f.write(b"name: " + msg + b"\n")
    f.flush()
    if not fds:
        f.write(b"no fd\n")
        sys.exit(1)
    master = fds[0]
    if data:
        os.write(master, data)
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        f.write(chunk)
        f.flush()
