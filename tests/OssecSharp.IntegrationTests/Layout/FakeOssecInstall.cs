using System.Text.Json;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Layout;

/// <summary>
/// An OSSEC 4.2 install as the layout reference records it (folders and files with their owners and modes), with
/// each program a small shell script that says it is OSSEC's. The accounts ossec/ossecr and group ossec are
/// created when missing (the tests run as root).
/// </summary>
internal static class FakeOssecInstall
{
    private const string Signature = "# fake OSSEC 4.2 program";

    public static async Task CreateAsync(string home, string type, string keyLine, string ossecConf)
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("The migration tests lay out OSSEC's owners: run them as root (CI does).");
        }

        await EnsureAccountsAsync();
        using var layout = SharedReference.LoadVectors("layout.json");
        // Pid files are left out: a stale one would name a live process (its placeholder pid).
        var entries = layout.RootElement.GetProperty(type).EnumerateArray()
            .Where(e => !e.GetProperty("path").GetString()!.Contains("<pid>", StringComparison.Ordinal)).ToList();

        // Folders first (modes after the content, since many are read-only), then files.
        foreach (var entry in entries.Where(e => e.GetProperty("type").GetString() == "dir"))
        {
            Directory.CreateDirectory(Path.Combine(home, Name(entry)));
        }

        foreach (var entry in entries.Where(e => e.GetProperty("type").GetString() == "file"))
        {
            var path = Name(entry);
            var full = Path.Combine(home, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, path switch
            {
                _ when path.StartsWith("bin/", StringComparison.Ordinal) =>
                    $"#!/bin/sh\n{Signature}\necho \"OSSEC's {Path.GetFileName(path)} $*\"\n" +
                    (path == "bin/ossec-control" ? "[ \"$1\" = status ] && exit 1\n" : string.Empty) + "exit 0\n",
                "etc/client.keys" => keyLine,
                "etc/ossec.conf" => ossecConf,
                "etc/internal_options.conf" => "# OSSEC's internal options\nremoted.verify_msg_id=1\n",
                "etc/sslmanager.cert" => "OSSEC's certificate\n",
                "queue/rids/001" => "1234:5678\n",
                _ => $"OSSEC's {path}\n",
            });
        }

        foreach (var entry in entries.OrderByDescending(e => Name(e).Length))
        {
            var full = Path.Combine(home, Name(entry));
            var chown = await ProcessRunner.RunAsync("/bin/chown",
                [$"{entry.GetProperty("user").GetString()}:{entry.GetProperty("group").GetString()}", full]);
            chown.ExitCode.Should().Be(0, chown.Stderr);
            var chmod = await ProcessRunner.RunAsync("/bin/chmod", [entry.GetProperty("mode").GetString()!, full]);
            chmod.ExitCode.Should().Be(0, chmod.Stderr);
        }
    }

    /// <summary>Whether the program at <paramref name="path"/> is one of these fakes (OSSEC's), not ours.</summary>
    public static bool IsFake(string path) => File.Exists(path) && File.ReadAllText(path).Contains(Signature, StringComparison.Ordinal);

    // Placeholders get one concrete name; the rids file of agent 001 carries the counters.
    private static string Name(JsonElement entry) => entry.GetProperty("path").GetString()!
        .Replace("<agent id>", "001", StringComparison.Ordinal)
        .Replace("<name>-<ip>", "web01-any", StringComparison.Ordinal);

    private static async Task EnsureAccountsAsync()
    {
        if ((await ProcessRunner.RunAsync("/usr/bin/getent", ["group", "ossec"])).ExitCode != 0)
        {
            (await ProcessRunner.RunAsync("/usr/sbin/groupadd", ["-r", "ossec"])).ExitCode.Should().Be(0);
        }

        foreach (var user in new[] { "ossec", "ossecr" })
        {
            if ((await ProcessRunner.RunAsync("/usr/bin/getent", ["passwd", user])).ExitCode != 0)
            {
                (await ProcessRunner.RunAsync("/usr/sbin/useradd", ["-r", "-g", "ossec", "-s", "/usr/sbin/nologin", user]))
                    .ExitCode.Should().Be(0);
            }
        }
    }
}
