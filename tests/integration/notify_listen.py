#!/usr/bin/env python3
"""The service manager's side of sd_notify(3), for the tests: binds a unix
datagram socket at PATH and appends each line of each datagram to OUT as
"SECONDS LINE" (monotonic seconds). With DB, a READY=1 is followed by
"DB_TABLES=N": the tables the database held at that moment (-1: no
database), so a test can tell the store was open before READY. Runs until
killed.

    notify_listen.py PATH OUT [DB]
"""
import os
import socket
import sqlite3
import sys
import time


def tables(db):
    try:
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=5)
        n = con.execute("SELECT COUNT(*) FROM sqlite_master "
                        "WHERE type = 'table'").fetchone()[0]
        con.close()
        return n
    except sqlite3.Error:
        return -1


def main():
    path, out = sys.argv[1], sys.argv[2]
    db = sys.argv[3] if len(sys.argv) > 3 else None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path + ".tmp")
    os.rename(path + ".tmp", path)  # appears only once it is bound
    with open(out, "a") as f:
        while True:
            data = sock.recv(65536).decode("utf-8", "replace")
            now = time.monotonic()
            lines = [l for l in data.split("\n") if l]
            for line in lines:
                f.write("%.3f %s\n" % (now, line))
            if db is not None and "READY=1" in lines:
                f.write("%.3f DB_TABLES=%d\n" % (now, tables(db)))
            f.flush()


if __name__ == "__main__":
    main()
