using System.Diagnostics;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Agentless;

/// <summary>The password goes to ssh only through the askpass helper: never in argv or in the environment.</summary>
public sealed class PasswordHandlingTests
{
    private const string Secret = "Very-Secret-77";

    [Fact]
    public async Task Password_reaches_ssh_through_askpass_only()
    {
        using var install = new AgentlessInstall(analysisd: false);
        using var bin = new TempFolder("agentless-fakessh-");
        File.WriteAllText(install.PathOf("agentless", ".passlist"), $"admin@10.9.9.9:2222|{Secret}|Enable-Secret\n");
        var fakeSsh = bin.Combine("ssh");
        File.WriteAllText(fakeSsh, $"""
            #!/bin/sh
            printf '%s\n' "$@" > '{bin.Combine("argv")}'
            env > '{bin.Combine("env")}'
            "$SSH_ASKPASS" "admin@10.9.9.9's password: " > '{bin.Combine("askpass")}'
            echo "admin@10.9.9.9: Permission denied (password)." >&2
            exit 255
            """);
        File.SetUnixFileMode(fakeSsh, (UnixFileMode)Convert.ToInt32("755", 8));

        var psi = new ProcessStartInfo(install.PathOf("agentless", "ssh_generic_diff"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = install.Home,
        };
        psi.ArgumentList.Add("admin@10.9.9.9:2222");
        psi.ArgumentList.Add("show running-config");
        psi.Environment["PATH"] = bin.Path + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(psi)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = await process.StandardOutput.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);

        output.Should().Be("\nERROR: Incorrect password to remote host: admin@10.9.9.9:2222 .\n");
        process.ExitCode.Should().Be(1);
        File.ReadAllText(bin.Combine("askpass")).Should().Be(Secret + "\n");
        File.ReadAllText(bin.Combine("argv")).Should().NotContain("Secret").And.Contain("StrictHostKeyChecking=yes");
        File.ReadAllText(bin.Combine("env")).Should().NotContain("Secret").And.Contain("SSH_ASKPASS_REQUIRE=force");
    }
}
