using System.IO.Compression;
using Serilog;

namespace OssecSharp.Core.Rotation;

/// <summary>
/// gzips an ended day's file as monitord's OS_CompressLog does (<c>&lt;file&gt;.gz</c>, then the plain file is removed),
/// through a temporary name so that a crash never leaves a truncated <c>.gz</c> beside a removed original.
/// </summary>
internal sealed class DayCompressor
{
    private readonly UnixFileMode _mode;
    private readonly ILogger _log;

    /// <summary>Creates a compressor writing <c>.gz</c> files in <paramref name="mode"/>.</summary>
    public DayCompressor(UnixFileMode mode, ILogger log)
    {
        _mode = mode;
        _log = log;
    }

    /// <summary>Compresses <paramref name="dayFile"/>; false when it is missing or could not be compressed (then it is kept).</summary>
    public bool Compress(string dayFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(dayFile);
        var target = dayFile + ".gz";
        var temp = dayFile + ".gz.tmp";
        try
        {
            using (var source = new FileStream(dayFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16))
            using (var output = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = _mode,
                BufferSize = 1 << 16,
            }))
            {
                using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
                {
                    source.CopyTo(gzip);
                }

                File.SetUnixFileMode(output.SafeFileHandle, _mode);
                output.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
            File.Delete(dayFile);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Like OS_CompressLog: a day without its file (no events that day) is not worth a line.
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            _log.Error("Unable to compress {Path}: {Reason}", dayFile, e.Message);
            TryDelete(temp);
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next attempt, which overwrites it.
        }
    }
}
