namespace OssecSharp.Tests.Common;

/// <summary>
/// A throwaway install directory with OSSEC's folder layout, for tests. Never <c>/var/ossec</c>.
/// </summary>
internal sealed class TestInstall : IDisposable
{
    private readonly TempFolder _folder = new("ossec-install-");

    public TestInstall(string type = "server", string? ossecConf = null)
    {
        foreach (var dir in new[]
                 {
                     "bin", "etc/shared", "logs/archives", "queue/rids", "queue/agent-info", "queue/agentless",
                     "queue/diff", "queue/ossec", "queue/alerts", "var/run", "agentless", "tmp", "backup/agents",
                 })
        {
            Directory.CreateDirectory(Path.Combine(Home, dir));
        }

        File.WriteAllText(Path.Combine(Home, "etc", "ossec-init.conf"),
            $"DIRECTORY=\"{Home}\"\nVERSION=\"v4.2.0\"\nDATE=\"Sun Nov 22 00:00:00 UTC 2026\"\nTYPE=\"{type}\"\n");
        File.WriteAllText(Path.Combine(Home, "etc", "ossec.conf"), ossecConf ?? "<ossec_config>\n</ossec_config>\n");
        File.WriteAllText(Path.Combine(Home, "etc", "internal_options.conf"), string.Empty);
    }

    public string Home => _folder.Path;

    public string PathOf(params string[] parts) => Path.Combine([Home, .. parts]);

    public string ReadOssecLog() => File.Exists(PathOf("logs", "ossec.log")) ? File.ReadAllText(PathOf("logs", "ossec.log")) : string.Empty;

    /// <summary>
    /// ossec.log once it contains <paramref name="text"/>, or as it is after <paramref name="timeout"/>: a detached
    /// daemon logs its lines a moment after the launcher has returned.
    /// </summary>
    public async Task<string> WaitForOssecLogAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var log = ReadOssecLog();
        while (!log.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            log = ReadOssecLog();
        }

        return log;
    }

    public void WriteConfig(string xml) => File.WriteAllText(PathOf("etc", "ossec.conf"), xml);

    public void Dispose() => _folder.Dispose();
}
