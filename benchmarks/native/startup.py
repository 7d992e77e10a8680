#!/usr/bin/env python3
"""Start-up and idle figures of installed programs, ours or a real OSSEC 4.2's (see docs/benchmarks.md, "Native").

  startup.py ours PUBLISHED_DIR           installs a manager and an agent from PUBLISHED_DIR (the output of
                                          `scripts/install.sh --publish-only DIR`) into temporary prefixes, as root
  startup.py ossec SERVER_COPY AGENT_COPY BUILT_SERVER BUILT_AGENT
                                          a copy of OSSEC's server and agent installs; OSSEC's programs open the
                                          prefix they were built for, so each copy is bind-mounted over it in a
                                          private mount namespace (the original is never touched)

Measures, RUNS times each (environment RUNS, default 20):
  - `manage_agents -l` and `agent_control -l` on a manager with 10 agents: wall time of the whole process;
  - `ossec-control start` on the agent: time until ossec-agentd's PID file exists, until ossec-control prints
    "Started ossec-agentd...", and until it returns (then `ossec-control stop`); the manager address is 127.0.0.1
    on a port nobody answers;
  - ossec-agentd's resident memory (VmRSS, private, PSS) 10 s after that start.
Loopback only; nothing listens but what it starts.
"""
import os, shutil, statistics, subprocess, sys, tempfile, threading, time

RUNS = int(os.environ.get("RUNS", "20"))
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KEYS = "".join(f"{i:03d} agent{i} any {i:064x}\n" for i in range(1, 11))


def timed(argv, env=None):
    t0 = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return (time.perf_counter() - t0) * 1000


def summary(name, samples):
    samples = sorted(samples)
    print(f"{name:<40} min {samples[0]:7.1f} ms  median {statistics.median(samples):7.1f} ms  "
          f"max {samples[-1]:7.1f} ms  ({len(samples)} runs)")


def memory(pid):
    values = {}
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"):
            values["rss"] = int(line.split()[1])
    for line in open(f"/proc/{pid}/smaps_rollup"):
        key, _, rest = line.partition(":")
        if key in ("Pss", "Private_Clean", "Private_Dirty"):
            values[key] = int(rest.split()[0])
    return (f"VmRSS {values['rss'] / 1024:.1f} MB, private "
            f"{(values['Private_Clean'] + values['Private_Dirty']) / 1024:.1f} MB, PSS {values['Pss'] / 1024:.1f} MB")


def agentd_pid(home):
    run = os.path.join(home, "var", "run")
    for name in os.listdir(run):
        if name.startswith("ossec-agentd-") and name.endswith(".pid"):
            return int(name[len("ossec-agentd-"):-4])
    return None


def daemon_start(home, env):
    control = os.path.join(home, "bin", "ossec-control")
    starts, lines, returns = [], [], []
    rss = None
    for run in range(RUNS):
        subprocess.run([control, "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        t0 = time.perf_counter()
        proc = subprocess.Popen([control, "start"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        started = []

        def read():
            for line in proc.stdout:
                if line.startswith("Started ossec-agentd"):
                    started.append((time.perf_counter() - t0) * 1000)

        reader = threading.Thread(target=read)
        reader.start()
        while agentd_pid(home) is None and time.perf_counter() - t0 < 10:
            time.sleep(0.0005)
        starts.append((time.perf_counter() - t0) * 1000)
        proc.wait(30)
        returns.append((time.perf_counter() - t0) * 1000)
        reader.join(5)
        lines.extend(started)
        if run == RUNS - 1:
            time.sleep(10)
            pid = agentd_pid(home)
            rss = memory(pid) if pid and os.path.exists(f"/proc/{pid}") else "not running (see its logs/ossec.log)"
    subprocess.run([control, "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    summary("ossec-control start: agentd PID file", starts)
    summary("ossec-control start: 'Started' line", lines)
    summary("ossec-control start: returns", returns)
    print(f"{'ossec-agentd 10 s after start':<40} {rss}")


def tools(server, env):
    for argv in (["manage_agents", "-l"], ["agent_control", "-l"]):
        path = [os.path.join(server, "bin", argv[0])] + argv[1:]
        timed(path, env)
        summary(" ".join(argv), [timed(path, env) for _ in range(RUNS)])


def set_manager(conf, port):
    text = open(conf).read()
    start, end = text.index("<client>"), text.index("</client>")
    client = f"<client>\n    <server-ip>127.0.0.1</server-ip>\n    <port>{port}</port>\n  "
    open(conf, "w").write(text[:start] + client + text[end:])


def ours(published):
    root = tempfile.mkdtemp(prefix="native-startup-")
    os.chmod(root, 0o755)
    try:
        for kind in ("server", "agent"):
            subprocess.run(["bash", os.path.join(REPO, "scripts", "install.sh"), "--type", kind, "--prefix",
                            os.path.join(root, kind), "--stage", published], check=True, stdout=subprocess.DEVNULL)
        server, agent = os.path.join(root, "server"), os.path.join(root, "agent")
        with open(os.path.join(server, "etc", "client.keys"), "w") as f:
            f.write(KEYS)
        with open(os.path.join(agent, "etc", "client.keys"), "w") as f:
            f.write(KEYS.splitlines()[0] + "\n")
        set_manager(os.path.join(agent, "etc", "ossec.conf"), 9)
        tools(server, dict(os.environ, OSSEC_HOME=server))
        daemon_start(agent, dict(os.environ, OSSEC_HOME=agent))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def ossec(server, agent):
    with open(os.path.join(server, "etc", "client.keys"), "w") as f:
        f.write(KEYS)
    with open(os.path.join(agent, "etc", "client.keys"), "w") as f:
        f.write(KEYS.splitlines()[0] + "\n")
    set_manager(os.path.join(agent, "etc", "ossec.conf"), 9)
    for pid_file in os.listdir(os.path.join(agent, "var", "run")):
        os.remove(os.path.join(agent, "var", "run", pid_file))
    tools(server, None)
    daemon_start(agent, None)


if __name__ == "__main__":
    if sys.argv[1:2] == ["ours"]:
        ours(os.path.abspath(sys.argv[2]))
    elif sys.argv[1:2] == ["ossec"] and len(sys.argv) == 6:
        server, agent, built_server, built_agent = map(os.path.abspath, sys.argv[2:6])
        if os.environ.get("NATIVE_STARTUP_INSIDE") != "1":
            mounts = f"mount --bind '{server}' '{built_server}' && mount --bind '{agent}' '{built_agent}'"
            os.execvp("unshare", ["unshare", "-m", "--propagation", "private", "sh", "-c",
                                  f"{mounts} && NATIVE_STARTUP_INSIDE=1 exec python3 '{__file__}' \"$@\"", "sh",
                                  *sys.argv[1:]])
        ossec(built_server, built_agent)
    else:
        sys.exit(__doc__)
