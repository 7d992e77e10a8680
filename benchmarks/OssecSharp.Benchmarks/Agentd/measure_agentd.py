#!/usr/bin/env python3
"""Process-level figures for ossec-agentd (see docs/benchmarks/agentd.md).

Starts our ossec-remoted and ossec-agentd (Release builds) on loopback in throwaway installs, then measures
agentd's CPU (utime+stime from /proc/<pid>/stat) and resident memory (VmRSS, VmHWM) while idle and while
local producers send N events/s to its queue socket; finally finds the highest rate with zero loss to remoted.

usage: measure_agentd.py <repo root> [rates...]
environment: IDLE_SECONDS (idle window, default 30), AGENTD and REMOTED (other binaries, e.g. the NativeAOT
programs of `scripts/install.sh --publish-only DIR`), GEN0=0 (no DOTNET_GCgen0size).
OSSEC_AGENT=<a copy of an OSSEC 4.2 agent install> OSSEC_BUILT=<the prefix it was built for> measures OSSEC's own
ossec-agentd instead of ours, against the same remoted (AES; the copy's ossec.conf, client.keys and queue/rids are
rewritten): its programs open the prefix they were built for, so the copy is bind-mounted over it in a private mount
namespace (needs root and unshare; the original install is never touched).
"""
import os, socket, subprocess, sys, tempfile, time

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
RATES = [int(r) for r in sys.argv[2:]] or [1000]
KEY = "1024 agent1 any 43925f725c618b5a948d52ec4d4d41992291939f53d7eea4ccda00d0e5cb5cf8"
IDLE_SECONDS = int(os.environ.get("IDLE_SECONDS", "30"))
TICK = os.sysconf("SC_CLK_TCK")


def exe(project, name):
    return os.path.join(ROOT, "src", project, "bin", "Release", "net10.0", name)


def install(kind, conf, internal=""):
    home = tempfile.mkdtemp(prefix="agentd-bench-")
    for d in ["bin", "etc/shared", "logs/archives", "queue/rids", "queue/agent-info", "queue/ossec", "queue/alerts", "var/run"]:
        os.makedirs(os.path.join(home, d), exist_ok=True)
    open(os.path.join(home, "etc/ossec-init.conf"), "w").write(f'TYPE="{kind}"\n')
    open(os.path.join(home, "etc/ossec.conf"), "w").write(conf)
    open(os.path.join(home, "etc/internal_options.conf"), "w").write("")
    open(os.path.join(home, "etc/local_internal_options.conf"), "w").write(internal)
    open(os.path.join(home, "etc/client.keys"), "w").write(KEY + "\n")
    return home


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def mem_kb(pid):
    values = {}
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(("VmRSS", "VmHWM")):
            key, value = line.split(":")
            values[key] = int(value.split()[0])
    # Private = the pages only this process maps (what another agentd beside it would add).
    for line in open(f"/proc/{pid}/smaps_rollup"):
        if line.startswith(("Pss:", "Private_Clean:", "Private_Dirty:")):
            key, value = line.split(":")
            values[key] = int(value.split()[0])
    values["Private"] = values.get("Private_Clean", 0) + values.get("Private_Dirty", 0)
    return values


def archived(home, marker):
    path = os.path.join(home, "logs/archives/archives.log")
    if not os.path.exists(path):
        return 0
    with open(path, "rb") as f:
        return sum(1 for line in f if marker in line)


def wait_for(condition, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def send_at(sock, rate, seconds, tag):
    sent, start = 0, time.perf_counter()
    total = rate * seconds
    while sent < total:
        due = int((time.perf_counter() - start) * rate) + 1
        while sent < min(due, total):
            sock.send(f"1:/var/log/bench.log:{tag} event {sent} Nov 22 10:15:42 web-01 sshd[4242]: Accepted publickey for deploy from 10.0.0.5 port 52311 ssh2\0".encode())
            sent += 1
        time.sleep(0.001)
    return sent


def start_ossec_agent(copy, built, port):
    """OSSEC's ossec-agentd from a copy of its install, configured like ours (see the module's docstring)."""
    with open(os.path.join(copy, "etc/ossec.conf"), "w") as f:
        f.write(f"<ossec_config><client><server-ip>127.0.0.1</server-ip><port>{port}</port>"
                "<crypto_method>aes</crypto_method></client></ossec_config>\n")
    with open(os.path.join(copy, "etc/client.keys"), "w") as f:
        f.write(KEY + "\n")
    rids = os.path.join(copy, "queue/rids")
    for name in os.listdir(rids):
        os.remove(os.path.join(rids, name))
    # exec: the process measured is ossec-agentd itself (it stays in the foreground with -f).
    agentd = subprocess.Popen(["unshare", "-m", "--propagation", "private", "sh", "-c",
                               f"mount --bind '{copy}' '{built}' && exec '{built}/bin/ossec-agentd' -f"],
                              stderr=subprocess.DEVNULL)
    return copy, agentd


def main():
    port = free_port()
    manager = install("server", f"<ossec_config><remote><connection>secure</connection><port>{port}</port>"
                                f"<local_ip>127.0.0.1</local_ip></remote></ossec_config>")
    agent = install("agent", f"<ossec_config><client><server-ip>127.0.0.1</server-ip><port>{port}</port></client>"
                             "<client_buffer><queue_size>100000</queue_size><events_per_second>100000</events_per_second></client_buffer>"
                             "</ossec_config>", "agent.state_interval=5\n")
    remoted = subprocess.Popen([os.environ.get("REMOTED", exe("OssecSharp.Remoted", "ossec-remoted")), "-f", "-D", manager],
                               stderr=subprocess.DEVNULL)
    # As ossec-control and the systemd unit start it (GEN0=0 measures the runtime's default gen0 budget instead).
    env = dict(os.environ)
    if os.environ.get("GEN0", "1") != "0":
        env.setdefault("DOTNET_GCgen0size", "0x400000")
    if os.environ.get("OSSEC_AGENT"):
        agent, agentd = start_ossec_agent(os.environ["OSSEC_AGENT"], os.environ["OSSEC_BUILT"], port)
    else:
        agentd = subprocess.Popen([os.environ.get("AGENTD", exe("OssecSharp.Agentd", "ossec-agentd")), "-f", "-D", agent],
                                  stderr=subprocess.DEVNULL, env=env)
    try:
        assert wait_for(lambda: os.path.exists(os.path.join(manager, "queue/agent-info/agent1-any")), 60), "agent never connected"
        time.sleep(10)
        c0 = cpu_seconds(agentd.pid)
        time.sleep(IDLE_SECONDS)
        idle = (cpu_seconds(agentd.pid) - c0) / IDLE_SECONDS * 100
        m = mem_kb(agentd.pid)
        print(f"idle: cpu {idle:.2f}% of one core, VmRSS {m['VmRSS']/1024:.1f} MB, VmHWM {m['VmHWM']/1024:.1f} MB, "
              f"private {m['Private']/1024:.1f} MB, PSS {m['Pss']/1024:.1f} MB")

        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.connect(os.path.join(agent, "queue/ossec/queue"))
        for rate in RATES:
            tag = f"r{rate}n{RATES.index(rate)}x{time.time_ns() % 100000}"
            seconds = 10
            c0 = cpu_seconds(agentd.pid)
            t0 = time.perf_counter()
            sent = send_at(sock, rate, seconds, tag)
            elapsed = time.perf_counter() - t0
            wait_for(lambda: archived(manager, tag.encode() + b" event") >= sent, 20)
            cpu = (cpu_seconds(agentd.pid) - c0) / elapsed * 100
            got = archived(manager, tag.encode() + b" event")
            m = mem_kb(agentd.pid)
            print(f"{rate}/s for {seconds}s: sent {sent}, archived {got}, lost {sent - got}, "
                  f"cpu {cpu:.1f}% of one core, VmRSS {m['VmRSS']/1024:.1f} MB, VmHWM {m['VmHWM']/1024:.1f} MB")
    finally:
        for p in (agentd, remoted):
            p.terminate()
            p.wait(15)


if __name__ == "__main__":
    main()
