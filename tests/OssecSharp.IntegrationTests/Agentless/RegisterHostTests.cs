using System.Diagnostics;
using System.Text.Json;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Agentless;

/// <summary>Our <c>register_host.sh</c> replayed against what OSSEC's printed and stored (vectors/agentless.json).</summary>
public sealed class RegisterHostTests
{
    [Fact]
    public async Task Replays_OSSECs_session_with_the_same_output_and_passlist()
    {
        using var doc = SharedReference.LoadVectors("agentless.json");
        using var install = new AgentlessInstall(analysisd: false);
        var passlist = install.PathOf("agentless", ".passlist");
        foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray()
                     .Where(v => v.GetProperty("kind").GetString() == "register_host"))
        {
            var name = v.GetProperty("name").GetString()!;
            if (name.Contains("11-add", StringComparison.Ordinal))
            {
                continue; // OSSEC's substring duplicate check (fixed; see the next test)
            }

            var before = v.GetProperty("passlist_before");
            var expectedBefore = before.ValueKind == JsonValueKind.Null ? null : before.GetString();
            if (expectedBefore?.Contains("deadhost", StringComparison.Ordinal) == true && !File.ReadAllText(passlist).Contains("deadhost", StringComparison.Ordinal))
            {
                // The recording added agtest@deadhost between two vectors without keeping the call.
                (await RunAsync(install, ".", ["./agentless/register_host.sh", "add", "agtest@deadhost", "NOPASS"])).Code.Should().Be(0);
            }

            ReadPasslist(passlist).Should().Be(expectedBefore, name);
            var cwd = v.GetProperty("cwd").GetString() == "/var/ossec" ? "." : "agentless";
            var argv = v.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!).ToArray();

            var (code, output) = await RunAsync(install, cwd, argv);

            output.Should().Be(v.GetProperty("output").GetString(), name);
            code.Should().Be(v.GetProperty("exit_code").GetInt32(), name);
            ReadPasslist(passlist).Should().Be(v.GetProperty("passlist_after").GetString(), name);
        }

        File.GetUnixFileMode(passlist).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "OSSEC made it 0744; ours is 0600");
    }

    [Fact]
    public async Task Duplicate_check_is_exact_and_remove_deletes_only_that_host()
    {
        using var install = new AgentlessInstall(analysisd: false);
        (await RunAsync(install, ".", ["./agentless/register_host.sh", "add", "agtest@127.0.0.1", "NOPASS"])).Code.Should().Be(0);

        var sub = await RunAsync(install, ".", ["./agentless/register_host.sh", "add", "test@127.0.0.1", "NOPASS"]);
        sub.Output.Should().Be("*Host test@127.0.0.1 added.\n", "OSSEC refused it because 'agtest@127.0.0.1|' contains 'test@127.0.0.1|'");

        var removed = await RunAsync(install, ".", ["./agentless/register_host.sh", "remove", "test@127.0.0.1"]);
        removed.Should().Be((0, "*Host test@127.0.0.1 removed.\n"));
        File.ReadAllText(install.PathOf("agentless", ".passlist")).Should().Be("agtest@127.0.0.1|NOPASS|\n");
        (await RunAsync(install, ".", ["./agentless/register_host.sh", "remove", "test@127.0.0.1"]))
            .Should().Be((1, "ERROR: Host 'test@127.0.0.1' not found.\n"));
    }

    [Fact]
    public async Task Prompted_password_is_read_from_stdin_and_never_echoed()
    {
        using var install = new AgentlessInstall(analysisd: false);

        var (code, output) = await RunAsync(install, ".", ["./agentless/register_host.sh", "add", "admin@router"], "S3cret-Pass\nEnable-Pass\n");

        code.Should().Be(0);
        output.Should().Be("Please provide password for host admin@router.\nPassword: "
            + "Please provide additional password for host admin@router (<enter> for empty).\nPassword: *Host admin@router added.\n");
        File.ReadAllText(install.PathOf("agentless", ".passlist")).Should().Be("admin@router|S3cret-Pass|Enable-Pass\n");
    }

    private static string? ReadPasslist(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    private static async Task<(int Code, string Output)> RunAsync(AgentlessInstall install, string cwd, string[] argv, string stdin = "")
    {
        // bash with the script path as given, so $0 in messages is what the user typed, as in the recording.
        var psi = new ProcessStartInfo("/bin/bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.Combine(install.Home, cwd),
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec 2>&1; \"$0\" \"$@\"");
        foreach (var arg in argv)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["OSSEC_AGENTLESS_NO_KEYSCAN"] = "1";
        using var process = Process.Start(psi)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = await process.StandardOutput.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, output);
    }
}
