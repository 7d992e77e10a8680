using System.Globalization;
using OssecSharp.Core.Layout;

namespace OssecSharp.Agentlessd.Running;

/// <summary>
/// Where one host of one entry keeps its state. OSSEC's name <c>(&lt;type&gt;) &lt;user@host&gt;</c> is kept for the
/// marker file <c>queue/agentless/&lt;name&gt;</c> that <c>agent_control -l</c> lists; our own state (integrity
/// snapshot, lock, last run) lives in <c>queue/agentless/.state/</c>, hidden from that listing. Type and host
/// were validated as single path components when the configuration was read.
/// </summary>
internal sealed class HostStateFiles
{
    public HostStateFiles(OssecPaths paths, string type, string host)
    {
        Name = $"({type}) {host}";
        Marker = Path.Combine(paths.AgentlessQueueDir, Name);
        StateDir = Path.Combine(paths.AgentlessQueueDir, ".state");
        Snapshot = Path.Combine(StateDir, Name + ".db");
        Lock = Path.Combine(StateDir, Name + ".lock");
        LastRun = Path.Combine(StateDir, Name + ".last");
    }

    /// <summary><c>(&lt;type&gt;) &lt;user@host&gt;</c>: OSSEC's pseudo-agent name.</summary>
    public string Name { get; }

    public string Marker { get; }

    public string StateDir { get; }

    public string Snapshot { get; }

    public string Lock { get; }

    public string LastRun { get; }

    public void EnsureDirectories() =>
        Directory.CreateDirectory(StateDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);

    /// <summary>Writes the marker (<c>type: syscheck</c> or <c>type: diff</c>) as OSSEC does.</summary>
    public void WriteMarker(string kind) => WriteAtomic(Marker, $"type: {kind}\n");

    /// <summary>When this host last completed a run (unix seconds), or null.</summary>
    public DateTimeOffset? ReadLastRun()
    {
        try
        {
            var text = File.ReadAllText(LastRun).Trim();
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void WriteLastRun(DateTimeOffset when) =>
        WriteAtomic(LastRun, when.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "\n");

    private static void WriteAtomic(string path, string content)
    {
        var tmp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            using (var stream = new FileStream(tmp, new FileStreamOptions
                   {
                       Mode = FileMode.Create,
                       Access = FileAccess.Write,
                       UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                   }))
            {
                stream.Write(System.Text.Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }
}
