using System.Globalization;
using System.Net.Sockets;

namespace OssecSharp.Remoted.Diagnostics;

/// <summary>
/// Datagrams the kernel dropped because a UDP socket's receive buffer was full (issue #13 item 9: a flood lost 241,064
/// datagrams that no counter showed). Linux keeps the count per socket (<c>sk_drops</c>, the "drops" column of
/// <c>/proc/net/udp</c> and <c>/proc/net/udp6</c>, found by the socket's inode), the same count SO_RXQ_OVFL reports
/// per datagram; reading the table at each state refresh keeps the receive loop untouched. Elsewhere it reads 0.
/// </summary>
internal sealed class KernelDropCounter
{
    private static readonly string[] s_tables = ["/proc/net/udp", "/proc/net/udp6"];
    private readonly Func<IEnumerable<Socket>> _sockets;
    private readonly Dictionary<Socket, long> _inodes = [];
    private readonly Dictionary<long, long> _lastSeen = [];
    private readonly object _gate = new();

    public KernelDropCounter(Func<IEnumerable<Socket>> sockets)
    {
        _sockets = sockets;
    }

    /// <summary>
    /// Total drops of every socket seen so far. A socket that has been closed keeps its last count, so the total never
    /// goes down (the final state file at stop still shows them).
    /// </summary>
    public long Read()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        lock (_gate)
        {
            var wanted = new HashSet<long>();
            foreach (var socket in _sockets())
            {
                if (InodeOf(socket) is { } inode)
                {
                    wanted.Add(inode);
                }
            }

            if (wanted.Count > 0)
            {
                foreach (var table in s_tables)
                {
                    ReadTable(table, wanted);
                }
            }

            return _lastSeen.Values.Sum();
        }
    }

    private long? InodeOf(Socket socket)
    {
        if (_inodes.TryGetValue(socket, out var known))
        {
            return known;
        }

        try
        {
            // /proc/self/fd/<fd> links to "socket:[<inode>]".
            var fd = socket.SafeHandle.DangerousGetHandle().ToInt64();
            var target = new FileInfo("/proc/self/fd/" + fd.ToString(CultureInfo.InvariantCulture)).LinkTarget;
            if (target is null || !target.StartsWith("socket:[", StringComparison.Ordinal) || !target.EndsWith(']')
                || !long.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            {
                return null;
            }

            _inodes[socket] = inode;
            return inode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            return null;
        }
    }

    private void ReadTable(string path, HashSet<long> wanted)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        // "sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops": inode is field 9, drops the last.
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 13
                && long.TryParse(fields[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
                && wanted.Contains(inode)
                && long.TryParse(fields[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var drops))
            {
                _lastSeen[inode] = drops;
            }
        }
    }
}
