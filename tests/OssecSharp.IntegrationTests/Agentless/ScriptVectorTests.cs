using System.Diagnostics;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Agentless;

/// <summary>Our scripts' answers where OSSEC's recorded ones involve no ssh session (vectors/agentless.json).</summary>
public sealed class ScriptVectorTests
{
    [Theory]
    [InlineData("script/test")]
    [InlineData("script/noargs")]
    [InlineData("script/notreg")]
    public async Task Script_output_and_exit_code_match_OSSEC(string name)
    {
        using var doc = SharedReference.LoadVectors("agentless.json");
        var vector = doc.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);
        using var install = new AgentlessInstall(analysisd: false);
        File.WriteAllText(install.PathOf("agentless", ".passlist"), "agtest@127.0.0.1|NOPASS|\n");
        var argv = vector.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!).ToArray();

        var psi = new ProcessStartInfo(install.PathOf(argv[0]))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = install.Home,
        };
        foreach (var arg in argv[1..])
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = await process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = await process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);

        (stdout + stderr).Should().Be(vector.GetProperty("stdout").GetString());
        process.ExitCode.Should().Be(vector.GetProperty("exit_code").GetInt32());
    }

    [Theory]
    [InlineData("ssh_integrity_check_bsd")]
    [InlineData("ssh_generic_diff")]
    [InlineData("ssh_pixconfig_diff")]
    [InlineData("ssh_asa-fwsmconfig_diff")]
    [InlineData("ssh_foundry_diff")]
    public async Task Every_bundled_type_passes_the_start_up_test(string type)
    {
        using var install = new AgentlessInstall(analysisd: false);

        var run = ProcessRunner.Start(install.PathOf("agentless", type), ["test", "test"], workingDirectory: install.Home);
        await run.WaitForExitAsync(TimeSpan.FromSeconds(30));

        run.ExitCode.Should().Be(0, run.Stdout + run.Stderr);
        run.Stdout.Should().BeEmpty();
    }
}
