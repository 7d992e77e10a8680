using System.Security.Cryptography;
using System.Text;
using Serilog;

namespace OssecSharp.Core.Rotation;

/// <summary>
/// Writes a day's <c>.sum</c> as monitord's OS_SignLog does: MD5 and SHA-1 of the day file, then of the previous
/// day's <c>.sum</c> (the chain), <c>none</c> for a file that is missing. Paths are shown from the install root
/// (<c>/logs/...</c>), as a chrooted monitord sees them.
/// </summary>
internal sealed class DaySigner
{
    private readonly string _home;
    private readonly UnixFileMode _mode;
    private readonly ILogger _log;
    private readonly string _tag;

    /// <summary>Creates a signer for the install at <paramref name="home"/>; <paramref name="tag"/> names the daemon in log lines.</summary>
    public DaySigner(string home, UnixFileMode mode, ILogger log, string tag)
    {
        _home = Path.GetFullPath(home);
        _mode = mode;
        _log = log;
        _tag = tag;
    }

    /// <summary>The <c>.sum</c> text for <paramref name="dayFile"/> chained to <paramref name="previousDayFile"/>'s <c>.sum</c>.</summary>
    public string Render(string dayFile, string previousDayFile)
    {
        var previousSum = previousDayFile + ".sum";
        var (md5Old, sha1Old) = Hashes(previousSum);
        if (md5Old is null)
        {
            // OSSEC logs the two misses on their own lines, in this order.
            _log.ForContext(Logging.OssecLog.UnprefixedProperty, true)
                .Error("{Tag}: No previous md5 checksum found: '{Path}'. Starting over.", _tag, Shown(previousSum));
            _log.ForContext(Logging.OssecLog.UnprefixedProperty, true)
                .Error("{Tag}: No previous sha1 checksum found: '{Path}'. Starting over.", _tag, Shown(previousSum));
        }

        var (md5, sha1) = Hashes(dayFile);
        var text = new StringBuilder(512);
        text.Append("Current checksum:\n");
        text.Append("MD5  (").Append(Shown(dayFile)).Append(") = ").Append(md5 ?? "none").Append('\n');
        text.Append("SHA1 (").Append(Shown(dayFile)).Append(") = ").Append(sha1 ?? "none").Append("\n\n");
        text.Append("Chained checksum:\n");
        text.Append("MD5  (").Append(Shown(previousSum)).Append(") = ").Append(md5Old ?? "none").Append('\n');
        text.Append("SHA1 (").Append(Shown(previousSum)).Append(") = ").Append(sha1Old ?? "none").Append("\n\n");
        return text.ToString();
    }

    /// <summary>Writes <c>&lt;dayFile&gt;.sum</c>; false (and an error line) when it cannot be written.</summary>
    public bool Sign(string dayFile, string previousDayFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(dayFile);
        ArgumentException.ThrowIfNullOrEmpty(previousDayFile);
        var text = Render(dayFile, previousDayFile);
        try
        {
            Hosting.AtomicFile.Write(dayFile + ".sum", Encoding.ASCII.GetBytes(text), _mode);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Error("Unable to write {Path}: {Reason}", dayFile + ".sum", e.Message);
            return false;
        }
    }

    /// <summary>A path as the chrooted OSSEC daemons write it: from the install root, starting with <c>/</c>.</summary>
    public string Shown(string path) =>
        "/" + Path.GetRelativePath(_home, Path.GetFullPath(path)).Replace(Path.DirectorySeparatorChar, '/');

    private static (string? Md5, string? Sha1) Hashes(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                md5.AppendData(buffer, 0, read);
                sha1.AppendData(buffer, 0, read);
            }

            return (Convert.ToHexStringLower(md5.GetHashAndReset()), Convert.ToHexStringLower(sha1.GetHashAndReset()));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, null);
        }
    }
}
