# Wall and CPU (user+sys, from wait4) time of whole manage_agents/agent_control runs at 50,000 agents.
# Usage: python3 cpu-bench.py <manage_agents> <agent_control> <runs>
import os, subprocess, sys, time, shutil, tempfile
ma=sys.argv[1]; ac=sys.argv[2]; runs=int(sys.argv[3])
h=tempfile.mkdtemp()
for d in ["etc","logs","queue/rids","queue/agent-info","queue/agentless"]: os.makedirs(os.path.join(h,d))
open(os.path.join(h,"etc/ossec-init.conf"),"w").write('TYPE="server"\n')
with open(os.path.join(h,"keys50k"),"w") as f:
    for i in range(1,50001):
        f.write("%03d agent%05d 10.%d.%d.%d %s\n"%(i,i,i//65536,(i//256)%256,i%256,"0123456789abcdef"*4))
env=dict(os.environ, OSSEC_HOME=h)
cmds=[[ma,"-V"],[ma,"-a","172.31.1.1","-n","bench-new"],[ma,"-r","025000"],[ma,"-e","025000"],[ma,"-l"],[ac,"-l"]]
print("| command | wall median (ms) | wall min (ms) | CPU user+sys median (ms) | CPU min (ms) |")
print("|---|---:|---:|---:|---:|")
for c in cmds:
    walls=[];cpus=[]
    for r in range(runs):
        shutil.copy(os.path.join(h,"keys50k"),os.path.join(h,"etc/client.keys"))
        t=time.monotonic()
        p=subprocess.Popen(c,env=env,stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)
        _,status,ru=os.wait4(p.pid,0)
        walls.append((time.monotonic()-t)*1000); cpus.append((ru.ru_utime+ru.ru_stime)*1000)
    walls.sort();cpus.sort()
    name=" ".join([os.path.basename(c[0])]+c[1:])
    print("| `%s` | %.0f | %.0f | %.0f | %.0f |"%(name,walls[len(walls)//2],walls[0],cpus[len(cpus)//2],cpus[0]))
shutil.rmtree(h)
