#!/usr/bin/env python3
"""The floor under agentd's CPU goal: what a plain C forwarder (forwarder.c) spends per event on this machine.

Builds forwarder.c with the system's cc (needs the zlib and OpenSSL headers: zlib1g-dev, libssl-dev), then for each
case starts it, sends RATE events/s of a ~140-byte syslog line to its unix socket for WINDOWS windows of SECONDS
each (as measure_agentd.py feeds agentd), lets a UDP sink on loopback drain what it sends, and prints the
forwarder's CPU (utime + stime from /proc) per window. Cases: plain or protocol work, one blocking read per event or
coalesced reads (see forwarder.c).

usage: floor.py [rate] [seconds] [windows]      (defaults 1000 10 3)
"""
import os, shutil, socket, subprocess, sys, tempfile, threading, time

RATE = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 10
WINDOWS = int(sys.argv[3]) if len(sys.argv) > 3 else 3
TICK = os.sysconf("SC_CLK_TCK")
LINE = (b"1:/var/log/auth.log:Dec  7 13:02:22 host sshd[1234]: Accepted publickey for root from 10.0.0.1 "
        b"port 51234 ssh2: RSA SHA256:abcdefghijklmnop")


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def main():
    work = tempfile.mkdtemp(prefix="floor-")
    try:
        program = os.path.join(work, "forwarder")
        source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "forwarder.c")
        subprocess.run(["cc", "-O2", "-o", program, source, "-lz", "-lcrypto"], check=True)

        sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sink.bind(("127.0.0.1", 0))
        sink.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        received = [0]

        def drain():
            while True:
                sink.recv(70000)
                received[0] += 1

        threading.Thread(target=drain, daemon=True).start()
        print(f"rate\t{RATE}\nseconds\t{SECONDS}")
        for work_kind in ("plain", "protocol"):
            for reads in ("each", "coalesce"):
                path = os.path.join(work, f"{work_kind}-{reads}.sock")
                args = [program, path, str(sink.getsockname()[1]), work_kind] + (["coalesce"] if reads == "coalesce" else [])
                forwarder = subprocess.Popen(args)
                try:
                    for _ in range(50):
                        if os.path.exists(path):
                            break
                        time.sleep(0.05)
                    queue = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                    queue.connect(path)
                    for window in range(WINDOWS):
                        before, start, sent = cpu_seconds(forwarder.pid), time.monotonic(), 0
                        due = start
                        while time.monotonic() - start < SECONDS:
                            queue.send(LINE)
                            sent += 1
                            due += 1.0 / RATE
                            pause = due - time.monotonic()
                            if pause > 0:
                                time.sleep(pause)
                        elapsed = time.monotonic() - start
                        used = cpu_seconds(forwarder.pid) - before
                        print(f"{work_kind}_{reads}_{window}\t{100 * used / elapsed:.2f} % of a core, "
                              f"{1e6 * used / sent:.1f} us per event, {sent / elapsed:.0f} events/s")
                    queue.close()
                finally:
                    forwarder.kill()
                    forwarder.wait()
        print(f"sink_received\t{received[0]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
