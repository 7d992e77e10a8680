using System.Globalization;
using System.Net;
using OssecSharp.Core.Interop;
using OssecSharp.Tests.Common;
using OssecSharp.Tests.Common.Enrollment;

namespace OssecSharp.IntegrationTests.Robustness;

/// <summary>
/// Every executable against every way its files can be unreadable: client.keys or ossec.conf replaced by a
/// directory, or mode 000 while running as <c>nobody</c>. Each must end with exit 1 and a line that names the file
/// and the reason, never with an unhandled exception or a stack trace.
/// </summary>
[Trait("Area", "Robustness")]
public sealed class UnreadableFileTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>How the file is made unreadable.</summary>
    public enum Damage
    {
        Directory,
        Mode000AsNobody,
    }

    /// <summary>(file, damage, install type, executable and arguments): every program that reads the file.</summary>
    public static TheoryData<string, Damage, string, string> Cases()
    {
        string[][] keysReaders =
        [
            ["server", "ossec-authd -f -n -p {port}"],
            ["agent", "agent-auth -m 127.0.0.1 -p {port} -A unreadable"],
            ["server", "ossec-remoted -f"],
            ["agent", "ossec-agentd -f"],
            ["server", "manage_agents -l"],
            ["server", "manage_agents -e 001"],
            ["server", "manage_agents -r 001"],
            ["server", "manage_agents -j -l"],
            ["agent", "manage_agents -i MDAxIGFnZW50MSBhbnkgMzY4ODhiZDEwOTJiN2UyNjE1MmUxZjFiMWRkMDIyNWVkMGVkMWZkOTEwODk1MjA1YzNiYjNiN2VkNTg3ZTI1Mw=="],
            ["server", "agent_control -l"],
            ["server", "agent_control -i 001"],
            ["server", "agent_control -j -l"],
        ];
        string[][] configReaders =
        [
            ["server", "ossec-remoted -f"],
            ["server", "ossec-remoted -t"],
            ["agent", "ossec-agentd -f"],
            ["server", "ossec-agentlessd -f"],
            ["server", "ossec-control start"],
        ];
        var data = new TheoryData<string, Damage, string, string>();
        foreach (var damage in Enum.GetValues<Damage>())
        {
            foreach (var reader in keysReaders)
            {
                data.Add("client.keys", damage, reader[0], reader[1]);
            }

            foreach (var reader in configReaders)
            {
                data.Add("ossec.conf", damage, reader[0], reader[1]);
            }
        }

        // A folder that cannot be listed is a permission problem, not "a directory in place of a file".
        data.Add("../queue/agent-info", Damage.Mode000AsNobody, "server", "agent_control -l");

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_unreadable_file_gives_one_clear_line_and_exit_1(string file, Damage damage, string type, string command)
    {
        if (!Libc.IsRoot)
        {
            // Mode 000 only stops a non-root reader, and the test drops to nobody for it; CI runs as root.
            return;
        }

        var port = FreePort.Tcp().ToString(CultureInfo.InvariantCulture);
        using var install = CreateInstall(type, port);
        var path = Path.GetFullPath(install.PathOf("etc", file));
        string[] runAs = [];
        if (damage == Damage.Directory)
        {
            File.Delete(path);
            Directory.CreateDirectory(path);
        }
        else
        {
            OpenToEveryone(install.Home);
            File.SetUnixFileMode(path, UnixFileMode.None);
            // As nobody when nobody can reach the built executables; otherwise as root without the capabilities
            // that bypass file permissions, which meets mode 000 the same way.
            runAs = OthersCanReach(AppContext.BaseDirectory)
                ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
                : ["setpriv", "--inh-caps=-all", "--bounding-set=-all", "--"];
        }

        var argv = command.Replace("{port}", port, StringComparison.Ordinal).Split(' ');
        string[] full = [.. runAs, ProcessRunner.ExecutablePath(argv[0]), .. argv.Skip(1)];
        var environment = new Dictionary<string, string?> { ["OSSEC_HOME"] = install.Home };

        var (exitCode, stdout, stderr) = await ExactProcess.RunAsync(full[0], full.Skip(1), environment, Timeout, stdin: "y\n");

        var output = stdout + stderr;
        var reason = damage == Damage.Directory ? "(21)-(Is a directory)" : "(13)-(Permission denied";
        output.Should().NotContain("Unhandled exception").And.NotContainAny("   at ", "Exception:");
        exitCode.Should().Be(1, output);
        // stdout may hold what the program did before (manage_agents -i shows the key it was asked to import);
        // ossec-control, a shell script in OSSEC, reports everything on stdout.
        var errors = (argv[0] == "ossec-control" ? stdout : stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        errors.Should().Contain(l => l.Contains($"Could not open file '{path}' due to [{reason}", StringComparison.Ordinal), output);
        errors.Length.Should().BeLessThanOrEqualTo(3, "one clear line (and OSSEC's closing lines where it prints them): " + output);
    }

    private static TestInstall CreateInstall(string type, string port)
    {
        var install = new TestInstall(type);
        File.WriteAllText(install.PathOf("etc", "client.keys"), "001 agent1 any 36888bd1092b7e26152e1f1b1dd0225ed0ed1fd910895205c3bb3b7ed587e253\n");
        if (type == "agent")
        {
            install.WriteConfig($"<ossec_config><client><server-ip>127.0.0.1</server-ip><port>{port}</port></client></ossec_config>\n");
            return install;
        }

        install.WriteConfig(
            $"<ossec_config><remote><connection>secure</connection><port>{port}</port><protocol>udp</protocol></remote>\n"
            + "<agentless><type>ssh_integrity_check_linux</type><frequency>3600</frequency><host>root@127.0.0.1</host>"
            + "<state>periodic</state><arguments>/bin</arguments></agentless></ossec_config>\n");
        using var server = TestCertificates.CreateLeaf(null, "O=OssecSharp,CN=localhost", ["localhost"], [IPAddress.Loopback]);
        TestCertificates.WritePem(server, install.PathOf("etc", "sslmanager.cert"), install.PathOf("etc", "sslmanager.key"));

        // ossec-control starts what bin/ holds: the real daemons, through a script that runs the built executable.
        foreach (var daemon in new[] { "ossec-remoted", "ossec-agentlessd" })
        {
            var script = install.PathOf("bin", daemon);
            File.WriteAllText(script, $"#!/bin/sh\nexec '{ProcessRunner.ExecutablePath(daemon)}' \"$@\"\n");
            File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        }

        return install;
    }

    private static bool OthersCanReach(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            if ((dir.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Lets nobody reach and use everything in the install, so that only the damaged file stops it.</summary>
    private static void OpenToEveryone(string home)
    {
        for (var dir = new DirectoryInfo(home); dir is not null && dir.FullName != Path.GetTempPath().TrimEnd('/'); dir = dir.Parent)
        {
            dir.UnixFileMode |= (UnixFileMode)0b000_101_101;
        }

        foreach (var entry in new DirectoryInfo(home).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            entry.UnixFileMode |= entry is DirectoryInfo ? (UnixFileMode)0b111_111_111 : (UnixFileMode)0b110_110_110;
        }

        new DirectoryInfo(home).UnixFileMode = (UnixFileMode)0b111_111_111;
    }
}
