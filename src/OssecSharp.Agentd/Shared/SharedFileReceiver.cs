using System.Security.Cryptography;
using System.Text;
using OssecSharp.Core.Hosting;
using OssecSharp.Core.Protocol;
using Serilog;

namespace OssecSharp.Agentd.Shared;

/// <summary>
/// Receives a file pushed by the manager (<c>#!-up file</c>, raw chunks, <c>#!-close file</c>; channel-control §4.4)
/// into a temporary file in <c>etc/shared/</c>, and installs it by rename only when its md5 matches. A received
/// <c>merged.mg</c> is then split into its files. Every name comes from the manager and is sanitized first.
/// </summary>
internal sealed class SharedFileReceiver : IDisposable
{
    /// <summary>A pushed file larger than this is abandoned: the manager is trusted, but the disk is ours.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    private const string MergedName = "merged.mg";

    // OSSEC's shared files are 0640.
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private readonly string _sharedDir;
    private readonly ILogger _log;
    private FileStream? _temp;
    private IncrementalHash? _md5;
    private string? _tempPath;
    private string? _targetPath;
    private string? _name;
    private string _expectedMd5 = string.Empty;
    private long _length;

    public SharedFileReceiver(string sharedDir, ILogger log)
    {
        _sharedDir = sharedDir;
        _log = log;
    }

    public bool IsOpen => _temp is not null;

    /// <summary>Starts a transfer from the body after <c>up file </c>: <c>&lt;md5&gt; &lt;name&gt;\n</c>.</summary>
    public bool Begin(ReadOnlySpan<byte> body)
    {
        Abort();
        if (!ControlMessage.TrySplitUpFile(body, out var md5, out var rawName))
        {
            _log.Warning("Invalid file transfer from server: no file name.");
            return false;
        }

        var name = SharedFileName.Sanitize(rawName);
        var target = name is null ? null : SharedFileName.Resolve(_sharedDir, name);
        if (name is null || target is null)
        {
            _log.Error("Refusing file pushed by the server with an unsafe name.");
            return false;
        }

        Directory.CreateDirectory(_sharedDir);
        _name = name;
        _targetPath = target;
        _expectedMd5 = Encoding.ASCII.GetString(md5).ToLowerInvariant();
        _tempPath = Path.Combine(Path.GetDirectoryName(target)!, "." + name + "." + Environment.ProcessId + ".tmp");
        _temp = new FileStream(_tempPath, NewFileOptions());
        _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        _length = 0;
        _log.Debug("Receiving file '{Name}' from server.", name);
        return true;
    }

    /// <summary>Appends one data datagram to the open transfer (payloads are text; a NUL ends the chunk, as in OSSEC).</summary>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (_temp is null || _md5 is null)
        {
            return;
        }

        var nul = chunk.IndexOf((byte)0);
        if (nul >= 0)
        {
            chunk = chunk[..nul];
        }

        _length += chunk.Length;
        if (_length > MaxFileBytes)
        {
            _log.Error("File '{Name}' pushed by the server is larger than {Max} bytes; abandoned.", _name, MaxFileBytes);
            Abort();
            return;
        }

        _temp.Write(chunk);
        _md5.AppendData(chunk);
    }

    /// <summary>Ends the transfer (<c>#!-close file</c>): installs the file if its md5 matches, else deletes it.</summary>
    public bool Close()
    {
        if (_temp is null || _md5 is null || _tempPath is null || _targetPath is null)
        {
            return false;
        }

        var actual = Convert.ToHexStringLower(_md5.GetHashAndReset());
        _temp.Flush(flushToDisk: true);
        _temp.Dispose();
        _temp = null;
        _md5.Dispose();
        _md5 = null;
        if (!string.Equals(actual, _expectedMd5, StringComparison.Ordinal))
        {
            _log.Debug("ERROR: Failed md5 for: {Path} -- deleting.", _targetPath);
            DeleteTemp();
            return false;
        }

        File.Move(_tempPath, _targetPath, overwrite: true);
        _tempPath = null;
        _log.Debug("File '{Name}' received from server ({Length} bytes).", _name, _length);
        if (string.Equals(_name, MergedName, StringComparison.Ordinal))
        {
            Unmerge(_targetPath);
        }

        return true;
    }

    /// <summary>Drops an open transfer without installing anything (another control message interrupted it).</summary>
    public void Abort()
    {
        if (_temp is null)
        {
            return;
        }

        _temp.Dispose();
        _temp = null;
        _md5?.Dispose();
        _md5 = null;
        DeleteTemp();
    }

    public void Dispose() => Abort();

    private void Unmerge(string mergedPath)
    {
        var bytes = File.ReadAllBytes(mergedPath);
        if (!MergedMg.TryParse(bytes, out var entries))
        {
            _log.Error("Invalid merged file received from the server; its files were not extracted.");
            return;
        }

        foreach (var entry in entries)
        {
            var name = SharedFileName.Sanitize(Encoding.UTF8.GetBytes(entry.Name));
            var target = name is null || string.Equals(name, MergedName, StringComparison.Ordinal)
                ? null
                : SharedFileName.Resolve(_sharedDir, name);
            if (target is null)
            {
                _log.Error("Refusing file in merged.mg with an unsafe name.");
                continue;
            }

            AtomicFile.Write(target, entry.Content.Span, FileMode);
        }
    }

    private static FileStreamOptions NewFileOptions()
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }

    private void DeleteTemp()
    {
        if (_tempPath is null)
        {
            return;
        }

        try
        {
            File.Delete(_tempPath);
        }
        catch (IOException ex)
        {
            _log.Warning(ex, "Could not delete {Path}.", _tempPath);
        }

        _tempPath = null;
    }
}
