using OssecSharp.Core.Agents;
using OssecSharp.Core.Layout;
using Serilog;

namespace OssecSharp.Remoted.Agents;

/// <summary>
/// Writes <c>queue/agent-info/&lt;name&gt;-&lt;ip string&gt;</c> as OSSEC 4.x does (channel-control.md §8): the uname line
/// of the last keepalive, then <c>crypto_method:aes|blowfish</c>. agent_control derives Active/Disconnected from the
/// file's mtime, so an identical keepalive only touches it. Writes are atomic (temp file + rename).
/// </summary>
internal sealed class AgentInfoWriter
{
    private readonly OssecPaths _paths;
    private readonly ILogger _log;
    private readonly TimeProvider _time;

    public AgentInfoWriter(OssecPaths paths, ILogger log, TimeProvider time)
    {
        _paths = paths;
        _log = log;
        _time = time;
    }

    public string PathFor(string name, string ipString) => _paths.AgentInfoFile(name, ipString);

    /// <summary>Rewrites the file; false (logged) when the disk refuses.</summary>
    public bool Write(string name, string ipString, AgentInfo info)
    {
        var path = PathFor(name, ipString);
        var temp = path + ".tmp";
        try
        {
            Directory.CreateDirectory(_paths.AgentInfoDir);
            using (var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                Share = FileShare.None,
            }))
            {
                stream.Write(info.ToBytes());
            }

            // No fsync: the file is status, rewritten at every keepalive; a crash loses nothing an agent won't resend.
            File.Move(temp, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error("Unable to write agent-info file '{Path}': {Message}", path, e.Message);
            TryDelete(temp);
            return false;
        }
    }

    /// <summary>Refreshes the mtime (identical keepalive); recreates the file when it vanished.</summary>
    public bool Touch(string name, string ipString)
    {
        var path = PathFor(name, ipString);
        try
        {
            File.SetLastWriteTimeUtc(path, _time.GetUtcNow().UtcDateTime);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The file's mtime, or null when it does not exist.</summary>
    public DateTime? LastWriteUtc(string name, string ipString)
    {
        var info = new FileInfo(PathFor(name, ipString));
        return info.Exists ? info.LastWriteTimeUtc : null;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
