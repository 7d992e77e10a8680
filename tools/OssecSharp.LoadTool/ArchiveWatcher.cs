using System.Diagnostics;
using OssecSharp.Core.Interop;

namespace OssecSharp.LoadTool;

/// <summary>
/// Tails <c>logs/archives/archives.log</c> and records when each load-tool event (marker <c>lt&lt;run&gt;#&lt;seq&gt;#</c>)
/// shows up, whatever the rest of the line looks like.
/// </summary>
internal sealed class ArchiveWatcher
{
    private readonly string _path;
    private readonly EventTally _tally;

    public ArchiveWatcher(string path, EventTally tally)
    {
        _path = path;
        _tally = tally;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Start at the current end: only this run's lines count. The file is kept open and read to its end; when
        // archives.log is re-linked to a new day's file (midnight), the old file is read to its end first, then the
        // new one from its start, so a day change loses nothing from the count.
        var carry = new List<byte>();
        var buffer = new byte[1 << 20];
        FileStream? stream = null;
        ulong inode = 0;
        var first = File.Exists(_path);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (stream is null && File.Exists(_path))
                {
                    stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    inode = Libc.TryFstatx((int)stream.SafeFileHandle.DangerousGetHandle(), out var opened) ? opened.Inode : 0;
                    stream.Position = first ? stream.Length : 0;
                    first = false; // a file that appears later (or a new day) is read from its start
                }

                var read = stream is null ? 0 : await ReadToEndAsync(stream, buffer, carry, cancellationToken);
                if (stream is not null && Libc.TryStatx(_path, out var current) && current.Inode != inode)
                {
                    read += await ReadToEndAsync(stream, buffer, carry, cancellationToken);
                    await stream.DisposeAsync();
                    stream = null;
                    continue;
                }

                if (read == 0)
                {
                    await Task.Delay(5, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private async Task<int> ReadToEndAsync(FileStream stream, byte[] buffer, List<byte> carry, CancellationToken cancellationToken)
    {
        if (stream.Length < stream.Position)
        {
            stream.Position = 0;
        }

        var read = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            read += n;
            Scan(buffer.AsSpan(0, n), carry);
        }

        return read;
    }

    private void Scan(ReadOnlySpan<byte> chunk, List<byte> carry)
    {
        var now = Stopwatch.GetTimestamp();
        while (!chunk.IsEmpty)
        {
            var newline = chunk.IndexOf((byte)'\n');
            if (newline < 0)
            {
                carry.AddRange(chunk);
                return;
            }

            if (carry.Count > 0)
            {
                carry.AddRange(chunk[..newline]);
                Line(carry.ToArray(), now);
                carry.Clear();
            }
            else
            {
                Line(chunk[..newline], now);
            }

            chunk = chunk[(newline + 1)..];
        }
    }

    private void Line(ReadOnlySpan<byte> line, long now) => _tally.Record(line, now);
}
