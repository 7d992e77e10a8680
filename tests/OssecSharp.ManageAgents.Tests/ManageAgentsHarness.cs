using System.Text.Json;
using OssecSharp.Core.Layout;
using OssecSharp.Tests.Common;

namespace OssecSharp.ManageAgents.Tests;

/// <summary>Runs manage_agents in-process over a throwaway install, with a StringReader for stdin.</summary>
internal sealed class ManageAgentsHarness : IDisposable
{
    private readonly TestInstall _install;

    public ManageAgentsHarness(string type = "server", string? clientKeys = null)
    {
        _install = new TestInstall(type);
        Directory.CreateDirectory(_install.PathOf("queue", "syscheck"));
        Directory.CreateDirectory(_install.PathOf("queue", "rootcheck"));
        if (clientKeys is not null)
        {
            File.WriteAllText(KeysPath, clientKeys);
        }
    }

    public string Home => _install.Home;

    public string KeysPath => _install.PathOf("etc", "client.keys");

    public string Keys => File.Exists(KeysPath) ? File.ReadAllText(KeysPath) : string.Empty;

    public TestInstall Install => _install;

    public Dictionary<string, string?> Environment { get; } = [];

    public (int ExitCode, string Stdout, string Stderr) Run(string stdin, params string[] args)
    {
        var input = new StringReader(stdin);
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var session = ManageAgentsTool.CreateSession(
            new OssecPaths(Home), input, stdout, stderr, name => Environment.GetValueOrDefault(name), new object(), TimeProvider.System);
        var code = new ManageAgentsTool(session, input).Run(args);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => _install.Dispose();
}

/// <summary>The manage_agents vectors recorded from OSSEC 4.2.</summary>
internal static class ManageAgentsVectors
{
    public static JsonElement[] All()
    {
        using var doc = SharedReference.LoadVectors("manage_agents.json");
        return [.. doc.RootElement.GetProperty("vectors").EnumerateArray().Select(v => v.Clone())];
    }

    public static JsonElement Named(string name) =>
        All().Single(v => v.TryGetProperty("name", out var n) && n.GetString() == name);

    public static string[] Argv(JsonElement vector) => [.. vector.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!)];

    public static string? Text(JsonElement vector, string property) =>
        vector.TryGetProperty(property, out var value) ? value.GetString() : null;

    /// <summary>The interactive steps as (typed input, program output without the terminal's echo and CRs).</summary>
    public static (string? Input, string Output)[] Steps(JsonElement vector) =>
        [.. vector.GetProperty("steps").EnumerateArray().Select(step =>
        {
            var input = step.GetProperty("input").ValueKind == JsonValueKind.Null ? null : step.GetProperty("input").GetString();
            var output = step.GetProperty("output").GetString()!.Replace("\r\n", "\n", StringComparison.Ordinal);
            if (input is not null)
            {
                output.Should().StartWith(input, "the terminal echoes the typed line first");
                output = output[input.Length..];
            }

            return (input, output);
        })];

    /// <summary>client.keys lines as (id, name, ip) with the key dropped (new keys are random).</summary>
    public static string[] Entries(string keys) =>
        [.. keys.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var parts = line.Split(' ', 4);
            return parts[1].StartsWith('#') ? parts[0] + " removed" : string.Join(' ', parts.Take(3));
        })];
}
