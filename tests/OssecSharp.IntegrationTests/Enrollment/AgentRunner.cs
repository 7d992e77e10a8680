using System.Net;
using OssecSharp.AgentAuth;
using OssecSharp.Core.Layout;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Enrollment;

/// <summary>Runs agent-auth in-process against a harness, with its own agent install.</summary>
internal sealed class AgentRunner : IDisposable
{
    public AgentRunner()
    {
        Install = new TestInstall("agent");
    }

    public TestInstall Install { get; }

    public OssecPaths Paths => new(Install.Home);

    public string ClientKeys => File.Exists(Paths.ClientKeys) ? File.ReadAllText(Paths.ClientKeys) : string.Empty;

    public async Task<AgentResult> RunAsync(IPEndPoint manager, string name, Func<AgentAuthOptions, AgentAuthOptions>? configure = null)
    {
        var options = new AgentAuthOptions
        {
            Manager = manager.Address.ToString(),
            Port = manager.Port,
            AgentName = name,
            Timeout = TimeSpan.FromSeconds(20),
        };
        options = configure?.Invoke(options) ?? options;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var tool = new AgentAuthTool(options, Paths, stdout, stderr, new KeyStoreAgentKeyWriter());
        var code = await tool.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        return new AgentResult(code, Lines(stdout), Lines(stderr));
    }

    public void Dispose() => Install.Dispose();

    private static IReadOnlyList<string> Lines(StringWriter writer) =>
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

internal sealed record AgentResult(int ExitCode, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr);
