using System.Security.Cryptography;
using System.Text;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Agentless;

/// <summary>A throwaway manager install with our agentless scripts, the ssh key and a fake analysisd.</summary>
internal sealed class AgentlessInstall : IDisposable
{
    private readonly TestInstall _install = new();

    public AgentlessInstall(SshdFixture? sshd = null, bool analysisd = true)
    {
        var scripts = Path.Combine(AppContext.BaseDirectory, "agentless");
        foreach (var file in Directory.GetFiles(scripts))
        {
            File.Copy(file, PathOf("agentless", Path.GetFileName(file)), overwrite: true);
        }

        Directory.CreateDirectory(PathOf(".ssh"));
        File.SetUnixFileMode(PathOf(".ssh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (sshd is not null)
        {
            File.Copy(sshd.UserKey, PathOf(".ssh", "id_ed25519"));
            File.SetUnixFileMode(PathOf(".ssh", "id_ed25519"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        if (analysisd)
        {
            Analysisd = new FakeAnalysisd(PathOf("queue", "ossec", "queue"));
        }
    }

    public string Home => _install.Home;

    public FakeAnalysisd? Analysisd { get; }

    public string PathOf(params string[] parts) => _install.PathOf(parts);

    public string OssecLog => _install.ReadOssecLog();

    public void WriteAgentless(params string[] blocks) =>
        _install.WriteConfig("<ossec_config>\n" + string.Join("\n", blocks) + "\n</ossec_config>\n");

    public static string Block(string type, string host, string state, string arguments, string extra = "") => $"""
          <agentless>
            <type>{type}</type>
            <frequency>3600</frequency>
            <host>{host}</host>
            <state>{state}</state>
            <arguments>{arguments}</arguments>{extra}
          </agentless>
        """;

    /// <summary>Runs <c>agentless/register_host.sh</c> as a process from the install directory.</summary>
    public async Task<ProcessRunner> RegisterAsync(params string[] args)
    {
        var runner = ProcessRunner.Start(PathOf("agentless", "register_host.sh"), args, workingDirectory: Home);
        await runner.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return runner;
    }

    /// <summary>One cron pass: <c>ossec-agentlessd -D home -r [selectors]</c>.</summary>
    public async Task<ProcessRunner> RunOnceAsync(params string[] selectors)
    {
        var runner = ProcessRunner.Start("ossec-agentlessd", ["-D", Home, "-r", .. selectors]);
        await runner.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return runner;
    }

    public static string Checksum(string file, string perm = "644")
    {
        var bytes = File.ReadAllBytes(file);
        var md5 = Convert.ToHexStringLower(MD5.HashData(bytes));
        var sha1 = Convert.ToHexStringLower(SHA1.HashData(bytes));
        return $"{bytes.Length}:{perm}:{Owner(file)}:{md5}:{sha1}";
    }

    public static (string Md5, string Sha1) Sums(string content) =>
        (Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(content))),
            Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(content))));

    public void Dispose()
    {
        Analysisd?.Dispose();
        _install.Dispose();
    }

    private static string Owner(string file)
    {
        var stat = SshdFixture.Run("stat", ["-c", "%u:%g", file]).Trim();
        return stat;
    }
}
