using OssecSharp.Core.Logging;
using Serilog;

namespace OssecSharp.Agentd.Follow;

/// <summary>
/// Follows one file as OSSEC's logcollector does for <c>log_format syslog</c>: a file present at start is read
/// from its end; a file that appears later, or the new file after a rotation, from its start. Rotation
/// (rename or delete + new file) is seen through the inode: the old file is read to its end before switching, so
/// no line is lost. A file that shrinks was truncated and is read again from its start. Only whole lines are sent;
/// a last line without newline waits for its end (or is sent as is when its file is rotated away).
/// </summary>
internal sealed partial class FileFollower : IDisposable
{
    private const int ReadChunk = 64 * 1024;

    private readonly string _path;
    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> _emit;
    private readonly ILogger _log;
    private readonly int _maxLine;
    private readonly byte[] _readBuffer = new byte[ReadChunk];
    private readonly LineAssembler _lines;
    private FileStream? _stream;
    private FileIdentity? _identity;
    private bool _firstPoll = true;
    private bool _reportedMissing;
    private bool _reportedLongLine;

    /// <param name="path">The file to follow.</param>
    /// <param name="maxLine">Longest line sent; longer lines are cut (OSSEC's OS_MAXSTR limit).</param>
    /// <param name="emit">Receives each line (without its newline); may wait for room downstream.</param>
    /// <param name="log">Logger.</param>
    public FileFollower(string path, int maxLine, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> emit, ILogger log)
    {
        _path = path;
        _maxLine = maxLine;
        _emit = emit;
        _log = log;
        _lines = new LineAssembler(maxLine);
    }

    public string Path => _path;

    /// <summary>Reads whatever is new; call periodically.</summary>
    public async ValueTask PollAsync(CancellationToken cancellationToken)
    {
        var startAtEnd = _firstPoll;
        _firstPoll = false;
        if (_stream is null)
        {
            if (!TryOpen(startAtEnd))
            {
                return;
            }
        }

        await ReadToEndAsync(cancellationToken).ConfigureAwait(false);

        var current = FileIdentity.OfPath(_path);
        if (current is null)
        {
            // Moved or deleted: keep reading the open file until a new one takes its path.
            return;
        }

        if (current != _identity)
        {
            // Rotated: whatever was appended to the old file before the switch is read above; flush a partial line.
            await ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await FlushPartialAsync(cancellationToken).ConfigureAwait(false);
            _log.Debug("File '{Path}' was rotated; reading the new file from its start.", _path);
            CloseStream();
            if (TryOpen(startAtEnd: false))
            {
                await ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (_stream!.Length < _stream.Position)
        {
            _log.Information("File '{Path}' was truncated. Reading from the beginning.", _path);
            _lines.Reset();
            _stream.Position = 0;
            await ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => CloseStream();

    private bool TryOpen(bool startAtEnd)
    {
        try
        {
            var stream = new FileStream(_path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0,
            });
            _identity = FileIdentity.OfHandle(stream.SafeFileHandle);
            stream.Position = startAtEnd ? stream.Length : 0;
            _stream = stream;
            _lines.Reset();
            _reportedMissing = false;
            _log.Debug("Following '{Path}'.", _path);
            return true;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            if (!_reportedMissing)
            {
                _log.Information("File '{Path}' does not exist yet; it will be followed when it appears.", _path);
                _reportedMissing = true;
            }

            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (!_reportedMissing)
            {
                _log.Error("(1103): Could not open file '{Path}' due to [{Reason}].", _path, ex.Message);
                _reportedMissing = true;
            }

            return false;
        }
    }

    private async ValueTask ReadToEndAsync(CancellationToken cancellationToken)
    {
        var stream = _stream!;
        if (stream.Length < stream.Position)
        {
            return; // truncation is handled by the caller
        }

        while (true)
        {
            var read = await stream.ReadAsync(_readBuffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            var data = _readBuffer.AsMemory(0, read);
            while (_lines.TryTakeLine(ref data, out var line))
            {
                if (!line.IsEmpty)
                {
                    ReportIfCut(line.Span);
                    await _emit(line, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async ValueTask FlushPartialAsync(CancellationToken cancellationToken)
    {
        var rest = _lines.TakePartial();
        if (!rest.IsEmpty)
        {
            ReportIfCut(rest.Span);
            await _emit(rest, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A line longer than the limit is sent cut (the rest of it is dropped), as OSSEC's logcollector does in
    /// <c>read_syslog</c>; like it, say so with its "Large message size" line, with a short sample. Once per file:
    /// a file of long lines must not fill ossec.log.
    /// </summary>
    private void ReportIfCut(ReadOnlySpan<byte> line)
    {
        if (!_lines.LastLineCut)
        {
            return;
        }

        if (_reportedLongLine)
        {
            _log.Debug("Line of {Length} bytes in '{Path}' cut to {Max} bytes.", _lines.LastLineLength, _path, _maxLine);
            return;
        }

        _reportedLongLine = true;
        var sample = System.Text.Encoding.UTF8.GetString(line[..Math.Min(line.Length, LogText.MaxQuoted)]);
        _log.Error("Large message size(length={Length}): '{Sample}...' in '{Path}': cut to {Max} bytes. Further long lines of this file "
            + "are cut without a message.", _lines.LastLineLength, sample, _path, _maxLine);
    }

    private void CloseStream()
    {
        _stream?.Dispose();
        _stream = null;
        _identity = null;
    }
}
