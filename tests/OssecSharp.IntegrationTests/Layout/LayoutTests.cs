using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Layout;

/// <summary>
/// Day one in OSSEC's real layout (vectors/layout.json): owners and modes as install.sh lays them, every daemon
/// started as root by ossec-control and dropped to its own account, enrollment, remoted serving the agent,
/// manage_agents keeping client.keys readable, agentlessd writing its events, and ossec.log written by all.
/// </summary>
public sealed class LayoutTests : IClassFixture<LayoutManagerFixture>
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(45);

    /// <summary>Where our install differs from OSSEC's on purpose (see install.sh and docs/migration.md).</summary>
    private static readonly Dictionary<string, string> s_deviations = new(StringComparer.Ordinal)
    {
        ["bin"] = "550 root:ossec", // .NET loads assemblies after the drop: the daemon accounts read bin/.
        ["logs/archives"] = "770 ossec:ossec", // remoted (ossecr) and agentlessd (ossec) both write there.
        ["logs/archives/archives.log"] = "660 ossec:ossec",
        ["logs/archives/2026"] = "770 ossec:ossec", // the daily folders, created by whichever of the two writers comes first.
        [".ssh"] = "700 ossec:ossec", // agentlessd (ossec) reads the pinned host keys.
    };

    private readonly LayoutManagerFixture _fixture;

    public LayoutTests(LayoutManagerFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("server")]
    [InlineData("agent")]
    public async Task Install_sh_gives_every_path_it_creates_the_owner_and_mode_of_the_layout_reference(string type)
    {
        var install = type == "server"
            ? _fixture.Manager
            : await _fixture.CreateAgentAsync("layout-modes");
        using var layout = SharedReference.LoadVectors("layout.json");
        var checkedPaths = new List<string>();
        var wrong = new List<string>();
        foreach (var entry in layout.RootElement.GetProperty(type).EnumerateArray())
        {
            var path = entry.GetProperty("path").GetString()!;
            var full = path == "." ? install.Home : install.PathOf(path);
            if (path.Contains('<', StringComparison.Ordinal) || !Path.Exists(full))
            {
                continue; // Per-instance names, and OSSEC's parts we do not install (rules, stats, active-response...).
            }

            var expected = s_deviations.TryGetValue(path, out var ours) ? ours : Expected(entry);
            var actual = await LayoutInstall.OwnerAndModeAsync(full);
            if (actual != expected && !(entry.TryGetProperty("after_authd_start", out var after) && actual == Expected(after)))
            {
                wrong.Add($"{path}: {actual}, layout says {expected}");
            }

            checkedPaths.Add(path);
        }

        wrong.Should().BeEmpty();
        checkedPaths.Should().Contain(new[] { "etc", "etc/client.keys", "etc/ossec.conf", "etc/internal_options.conf", "queue/rids",
            "logs", "logs/ossec.log", "var/run", "bin/ossec-control", "bin/manage_agents" });
        if (type == "server")
        {
            checkedPaths.Should().Contain(new[] { "queue/agent-info", "agentless/ssh_integrity_check_linux", "logs/archives/archives.log",
                "bin/ossec-remoted", "bin/ossec-authd", "etc/sslmanager.cert" });
        }
        else
        {
            checkedPaths.Should().Contain(new[] { "bin/ossec-agentd", "bin/agent-auth" });
        }
    }

    [Fact]
    public async Task Ossec_control_starts_each_manager_daemon_as_its_own_account_and_each_logs_its_Started_line()
    {
        var manager = _fixture.Manager;
        var log = await manager.WaitForLogAsync("ossec-agentlessd: INFO: Started", Arrival);
        log = await manager.WaitForLogAsync("ossec-authd: INFO: Started", Arrival);

        log.Should().Contain("ossec-remoted: INFO: Started").And.Contain("ossec-authd: INFO: Started")
            .And.Contain("ossec-agentlessd: INFO: Started");
        manager.AccountOf("ossec-remoted").Should().Be("ossecr");
        manager.AccountOf("ossec-authd").Should().Be("ossec");
        manager.AccountOf("ossec-agentlessd").Should().Be("ossec");
        (await LayoutInstall.OwnerAndModeAsync(manager.PathOf("logs", "ossec.log"))).Should().Be("660 ossec:ossec");
    }

    [Fact]
    public async Task Agentlessd_as_ossec_runs_its_script_and_writes_its_event_into_the_archives_remoted_writes_too()
    {
        var manager = _fixture.Manager;
        var arrived = await ProcessRunner.WaitUntilAsync(
            () => manager.Archives.Contains(LayoutManagerFixture.ProbePath, StringComparison.Ordinal), Arrival);

        arrived.Should().BeTrue($"agentlessd's event should be in archives.log. ossec.log:\n{manager.OssecLog}");
        manager.OssecLog.Should().NotContain("Unable to write").And.NotContain("Permission denied");
        (await LayoutInstall.OwnerAndModeAsync(manager.PathOf("logs", "archives", "archives.log"))).Should().Be("660 ossec:ossec");
        File.Exists(manager.PathOf("queue", "agentless", "(layout_probe) probe@127.0.0.1")).Should().BeTrue();
    }

    [Fact]
    public async Task Enrollment_with_authd_started_by_ossec_control_writes_client_keys_and_remoted_serves_the_new_agent()
    {
        var manager = _fixture.Manager;
        var agent = await _fixture.CreateAgentAsync("layout-enrolled");
        await manager.WaitForLogAsync("ossec-authd: INFO: Started", Arrival);
        File.Copy(manager.PathOf("etc", "authd.pass"), agent.PathOf("etc", "authd.pass"));
        var agentKeysBefore = await LayoutInstall.OwnerAndModeAsync(agent.PathOf("etc", "client.keys"));

        var enroll = await agent.RunAsync("agent-auth",
            ["-m", "127.0.0.1", "-p", _fixture.AuthPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-A", "layout-enrolled"]);

        enroll.ExitCode.Should().Be(0, enroll.Stdout + enroll.Stderr + manager.OssecLog);
        // install.sh's certificate is ECDSA P-256 (the cheap signature per enrollment), and agent-auth took it.
        using (var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(manager.PathOf("etc", "sslmanager.cert"))))
        using (var publicKey = certificate.GetECDsaPublicKey())
        {
            publicKey.Should().NotBeNull("install.sh makes an ECDSA manager certificate");
            publicKey!.ExportParameters(false).Curve.Oid.Value.Should().Be("1.2.840.10045.3.1.7", "the curve is P-256");
        }

        // The key line is in the manager's client.keys itself, where OSSEC's tools and people's scripts read it.
        File.ReadAllText(manager.PathOf("etc", "client.keys")).Should().MatchRegex(@"(?m)^\d+ layout-enrolled any [0-9a-f]{64}$");
        File.ReadAllText(agent.PathOf("etc", "client.keys")).Should().MatchRegex(@"(?m)^\d+ layout-enrolled any [0-9a-f]{64}$");
        (await LayoutInstall.OwnerAndModeAsync(agent.PathOf("etc", "client.keys"))).Should().Be(agentKeysBefore);

        await StartAgentAndSeeItsLineArriveAsync(agent, "layout-enrolled");
    }

    [Fact]
    public async Task Manage_agents_add_import_and_remove_keep_client_keys_owner_and_mode_and_remoted_keeps_reading_it()
    {
        var manager = _fixture.Manager;
        var managerKeys = manager.PathOf("etc", "client.keys");
        var before = await LayoutInstall.OwnerAndModeAsync(managerKeys);

        var add = await manager.RunAsync("manage_agents", ["-a", "any", "-n", "layout-manual"]);
        add.ExitCode.Should().Be(0, add.Stdout + add.Stderr);
        (await LayoutInstall.OwnerAndModeAsync(managerKeys)).Should().Be(before, "manage_agents -a keeps client.keys' owner and mode");
        var id = Regex.Match(add.Stdout, @"Agent added with ID (\d+)").Groups[1].Value;
        var extract = await manager.RunAsync("manage_agents", ["-e", id]);
        extract.ExitCode.Should().Be(0, extract.Stdout);
        var key = extract.Stdout.Trim().Split('\n')[^1].Trim();

        var agent = await _fixture.CreateAgentAsync("layout-manual");
        var agentBefore = await LayoutInstall.OwnerAndModeAsync(agent.PathOf("etc", "client.keys"));
        var import = await agent.RunAsync("manage_agents", ["-i", key], stdin: "y\n\n");
        import.ExitCode.Should().Be(0, import.Stdout + import.Stderr);
        (await LayoutInstall.OwnerAndModeAsync(agent.PathOf("etc", "client.keys"))).Should().Be(agentBefore, "manage_agents -i keeps them");

        // remoted re-read the file manage_agents rewrote: the new agent's events arrive.
        await StartAgentAndSeeItsLineArriveAsync(agent, "layout-manual");

        var remove = await manager.RunAsync("manage_agents", ["-r", id]);
        remove.ExitCode.Should().Be(0, remove.Stdout + remove.Stderr);
        (await LayoutInstall.OwnerAndModeAsync(managerKeys)).Should().Be(before, "manage_agents -r keeps them");
        await Task.Delay(TimeSpan.FromSeconds(2));
        manager.OssecLog.Should().NotContain("Unable to re-read the authentication keys");
    }

    [Theory]
    [InlineData("ossec-authd", "AUTH_DAEMON")]
    [InlineData("ossec-agentlessd", "AGENTLESS_DAEMON")]
    public async Task The_systemd_unit_of_an_optional_daemon_runs_only_while_ossec_control_has_it_enabled(string daemon, string variable)
    {
        var manager = _fixture.Manager;
        var unit = File.ReadAllLines(manager.PathOf("etc", "systemd", daemon + ".service"));
        var condition = unit.Single(l => l.StartsWith("ExecCondition=", StringComparison.Ordinal))["ExecCondition=".Length..]
            .Replace("$$", "$", StringComparison.Ordinal); // systemd's escape for a literal '$'.
        var command = Regex.Match(condition, "^/bin/sh -c '(.*)'$").Groups[1].Value;
        var processList = manager.PathOf("bin", ".process_list");
        var disabledList = manager.PathOf("var", "run", "process_list.disabled");
        await File.WriteAllTextAsync(disabledList, File.ReadAllText(processList) + $"{variable}=\"\"\n");

        var enabled = await ProcessRunner.RunAsync("/bin/sh", ["-c", command]);
        var disabled = await ProcessRunner.RunAsync("/bin/sh", ["-c", command.Replace(processList, disabledList, StringComparison.Ordinal)]);

        enabled.ExitCode.Should().Be(0, "the fixture enabled it with ossec-control");
        disabled.ExitCode.Should().NotBe(0);
        unit.Should().Contain(l => l.StartsWith("EnvironmentFile=-" + processList, StringComparison.Ordinal));
        if (daemon == "ossec-authd")
        {
            unit.Should().Contain(l => l.StartsWith("ExecStart=", StringComparison.Ordinal) && l.EndsWith(" -f $AUTHD_OPTIONS", StringComparison.Ordinal));
        }

        File.ReadAllText(manager.PathOf("etc", "systemd", "ossec.target")).Should().Contain(daemon + ".service");
    }

    private async Task StartAgentAndSeeItsLineArriveAsync(LayoutInstall agent, string name)
    {
        await agent.ControlAsync("start");
        await agent.WaitForLogAsync("ossec-agentd: INFO: Started", Arrival);
        agent.AccountOf("ossec-agentd").Should().Be("ossec");
        agent.OssecLog.Should().Contain("ossec-agentd: INFO: Started");
        (await LayoutInstall.OwnerAndModeAsync(agent.PathOf("logs", "ossec.log"))).Should().Be("660 ossec:ossec");

        var line = $"layout test line from {name} {Guid.NewGuid():N}";
        var manager = _fixture.Manager;
        var deadline = DateTime.UtcNow + Arrival;
        var arrived = false;
        while (!arrived && DateTime.UtcNow < deadline)
        {
            // Appended until it arrives: the first lines may go out before the agent's session is up.
            await File.AppendAllTextAsync(_fixture.AgentLogOf(name), line + "\n");
            arrived = await ProcessRunner.WaitUntilAsync(() => manager.Archives.Contains(line, StringComparison.Ordinal), TimeSpan.FromSeconds(1));
        }

        arrived.Should().BeTrue($"the agent's line should reach archives.log.\nmanager:\n{manager.OssecLog}\nagent:\n{agent.OssecLog}");
    }

    private static string Expected(JsonElement entry) =>
        $"{entry.GetProperty("mode").GetString()} {entry.GetProperty("user").GetString()}:{entry.GetProperty("group").GetString()}";
}
