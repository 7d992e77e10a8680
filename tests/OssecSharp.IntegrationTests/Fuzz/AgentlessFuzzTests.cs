using OssecSharp.IntegrationTests.Agentless;

namespace OssecSharp.IntegrationTests.Fuzz;

/// <summary>
/// Bounded, seeded fuzzing of ossec-agentlessd with scripts that print mutated output (the remote side of an agentless
/// check is untrusted). Every run ends with an exit code and no crash, and a good script is still reported afterwards.
/// </summary>
public sealed class AgentlessFuzzTests
{
    private const string Md5 = "d41d8cd98f00b204e9800998ecf8427e";
    private const string Sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";

    [Fact]
    public async Task Fuzzed_script_output_never_crashes_agentlessd_and_a_good_script_is_still_reported()
    {
        var budget = new FuzzBudget("agentless-script-output");
        var mutator = new Mutator(budget.Seed, [
            "INFO: Started.\n",
            $"FWD: 1234:755:0:0:{Md5}:{Sha1} /bin/ls\n",
            "LOG: hello from agentless\n",
            "ERROR: something failed\n",
            "INFO: Finished.\n",
            $"\u001b[?2004l\rFWD: 1:644:0:0:{Md5}:{Sha1} /etc/glued\r\n",
        ]);
        using var install = new AgentlessInstall();
        var output = install.PathOf("fuzz-output.bin");
        WriteScript(install, "fuzz_integrity", $"[ \"$1\" = test ] && exit 0\ncat '{output}'");
        install.WriteAgentless(AgentlessInstall.Block("fuzz_integrity", "root@10.0.0.5", "periodic", "/bin"));
        var runs = 0;
        while (budget.Next())
        {
            using (var file = File.Create(output))
            {
                for (var i = 0; i < 40; i++)
                {
                    file.Write(mutator.Next(20000));
                }
            }

            // Named, so it runs due or not (cron mode otherwise waits for the frequency after a good pass).
            await using var run = await install.RunOnceAsync("fuzz_integrity");
            runs++;
            // 2: the script reported an ERROR line, so the check failed (cron mode's exit code); never a crash.
            run.ExitCode.Should().BeOneOf([0, 2], budget + install.OssecLog);
            (run.Stdout + run.Stderr + install.OssecLog).Should().NotContain("Unhandled exception", budget.ToString());
        }

        install.Analysisd!.Take();
        File.WriteAllText(output, $"INFO: Started.\nFWD: 99:644:0:0:{Md5}:{Sha1} /bin/after-fuzz\nINFO: Finished.\n");
        await using (var good = await install.RunOnceAsync("fuzz_integrity"))
        {
            good.ExitCode.Should().Be(0, install.OssecLog);
        }

        install.Analysisd.Take().Should().Contain(m => m.EndsWith(" /bin/after-fuzz", StringComparison.Ordinal), budget.ToString());
        install.OssecLog.Split('\n').Should().OnlyContain(l => l.Length < 70_000, "a line of script output is capped");
        budget.Report($"runs={runs}");
    }

    private static void WriteScript(AgentlessInstall install, string name, string body)
    {
        var path = install.PathOf("agentless", name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
    }
}
