using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Protocol;
using Serilog;

namespace OssecSharp.Remoted.Shared;

/// <summary>
/// Builds <c>etc/shared/merged.mg</c> from the files of <c>etc/shared</c> (channel-control.md §4.1) at start and
/// again when a keepalive arrives and either OSSEC's 18000 s have passed or the folder changed (checked at most every
/// few seconds by names, sizes and mtimes; OSSEC only rescans after 18000 s).
/// </summary>
internal sealed class SharedFileCatalog
{
    /// <summary>OSSEC rebuilds merged.mg when a keepalive arrives this long after the previous build (30 × NOTIFY_TIME).</summary>
    public static readonly TimeSpan RebuildPeriod = TimeSpan.FromSeconds(18000);

    private static readonly TimeSpan s_checkPeriod = TimeSpan.FromSeconds(5);
    private readonly OssecPaths _paths;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private volatile SharedSnapshot _current = SharedSnapshot.Empty;
    private long _lastCheckTicks;

    public SharedFileCatalog(OssecPaths paths, ILogger log)
    {
        _paths = paths;
        _log = log;
    }

    public SharedSnapshot Current => _current;

    /// <summary>Builds now (start-up).</summary>
    public SharedSnapshot Rebuild()
    {
        lock (_gate)
        {
            _lastCheckTicks = Environment.TickCount64;
            return RebuildLocked(Signature());
        }
    }

    /// <summary>The snapshot to compare a keepalive with, rebuilt first when due.</summary>
    public SharedSnapshot Refresh()
    {
        var now = Environment.TickCount64;
        var current = _current;
        if (now - Volatile.Read(ref _lastCheckTicks) < s_checkPeriod.TotalMilliseconds
            && now - current.BuiltTicks < RebuildPeriod.TotalMilliseconds)
        {
            return current;
        }

        lock (_gate)
        {
            _lastCheckTicks = now;
            var signature = Signature();
            if (signature == _current.Signature && now - _current.BuiltTicks < RebuildPeriod.TotalMilliseconds)
            {
                return _current;
            }

            return RebuildLocked(signature);
        }
    }

    public static string Md5Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    private SharedSnapshot RebuildLocked(string signature)
    {
        var files = new List<SharedFile>();
        foreach (var path in ListFiles())
        {
            try
            {
                var content = File.ReadAllBytes(path);
                files.Add(new SharedFile(Path.GetFileName(path), content, Md5Hex(content)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log.Error("Unable to read shared file '{Path}': {Message}", path, e.Message);
            }
        }

        var merged = MergedMg.Build(files.Select(f => new MergedMgEntry(f.Name, f.Content)));
        var snapshot = new SharedSnapshot(merged, Md5Hex(merged), files, signature, Environment.TickCount64);
        WriteMerged(merged);
        _current = snapshot;
        _log.Debug("Shared files rebuilt: {Count} files, merged.mg md5 {Md5}.", files.Count, snapshot.MergedMd5);
        return snapshot;
    }

    private IEnumerable<string> ListFiles()
    {
        if (!Directory.Exists(_paths.SharedDir))
        {
            return [];
        }

        // readdir order, as OSSEC; merged.mg itself and temp files of our own atomic write are left out.
        return Directory.EnumerateFiles(_paths.SharedDir)
            .Where(p => Path.GetFileName(p) is var name && name != MergedMg.FileName && !name.StartsWith(".merged.mg.", StringComparison.Ordinal));
    }

    private string Signature()
    {
        var builder = new StringBuilder();
        foreach (var path in ListFiles())
        {
            var info = new FileInfo(path);
            if (info.Exists)
            {
                builder.Append(info.Name).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
            }
        }

        return builder.ToString();
    }

    private void WriteMerged(byte[] merged)
    {
        var target = _paths.MergedMg;
        try
        {
            if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(merged))
            {
                return;
            }

            Directory.CreateDirectory(_paths.SharedDir);
            var temp = Path.Combine(_paths.SharedDir, ".merged.mg." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(merged);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error("Unable to write '{Path}': {Message}", target, e.Message);
        }
    }
}
