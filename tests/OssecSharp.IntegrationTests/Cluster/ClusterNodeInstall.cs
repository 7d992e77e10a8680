using System.Globalization;
using System.Text.RegularExpressions;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Cluster;

/// <summary>One manager of a test cluster: an install whose remoted listens on its own loopback address and whose
/// <c>etc/ossecsharp-registry.conf</c> names the shared registry.</summary>
internal sealed partial class ClusterNodeInstall : IDisposable
{
    public ClusterNodeInstall(PostgresServer registry, string node, string address, int port, string protocol = "udp", int checkpointMs = 1000)
    {
        Install = new TestInstall("server");
        Node = node;
        Address = address;
        Install.WriteConfig($"""
            <ossec_config>
              <remote>
                <connection>secure</connection>
                <port>{port}</port>
                <protocol>{protocol}</protocol>
                <local_ip>{address}</local_ip>
              </remote>
            </ossec_config>
            """);
        File.WriteAllText(Install.PathOf("etc", "client.keys"), string.Empty);
        File.WriteAllText(Install.PathOf("etc", "local_internal_options.conf"), "remoted.pass_empty_keyfile=1\nremoted.state_interval=1\n");
        File.WriteAllText(Install.PathOf("etc", "ossecsharp-registry.conf"), $"""
            # test cluster node
            connection = {registry.ConnectionString}
            node = {node}
            checkpoint_interval_ms = {checkpointMs.ToString(CultureInfo.InvariantCulture)}
            """);
    }

    public TestInstall Install { get; }

    public string Node { get; }

    public string Address { get; }

    public string Archives => Install.PathOf("logs", "archives", "archives.log");

    public ProcessRunner StartRemoted() =>
        ProcessRunner.Start("ossec-remoted", ["-f", "-u", "root", "-g", "root", "-D", Install.Home]);

    public string ClientKeys() => File.ReadAllText(Install.PathOf("etc", "client.keys"));

    public string State()
    {
        var path = Install.PathOf("var", "run", "ossec-remoted.state");
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    public long StateValue(string key)
    {
        var match = Regex.Match(State(), "^" + key + "='?([0-9]+)'?$", RegexOptions.Multiline);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }

    /// <summary>Archived lines that match <paramref name="pattern"/>.</summary>
    public List<string> ArchivedLines(Regex pattern) =>
        File.Exists(Archives) ? [.. File.ReadLines(Archives).Select(l => pattern.Match(l)).Where(m => m.Success).Select(m => m.Value)] : [];

    public void Dispose() => Install.Dispose();
}
