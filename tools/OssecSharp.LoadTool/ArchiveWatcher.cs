using System.Buffers.Text;
using System.Diagnostics;
using System.Text;

namespace OssecSharp.LoadTool;

/// <summary>
/// Tails <c>logs/archives/archives.log</c> and records when each load-tool event (marker <c>lt&lt;run&gt;#&lt;seq&gt;#</c>)
/// shows up, whatever the rest of the line looks like.
/// </summary>
internal sealed class ArchiveWatcher
{
    private readonly string _path;
    private readonly byte[] _marker;
    private readonly long[] _seenAt;
    private long _seen;
    private long _duplicates;
    private long _lastSeenTimestamp;

    public ArchiveWatcher(string path, string runId, int total)
    {
        _path = path;
        _marker = Encoding.ASCII.GetBytes("lt" + runId + "#");
        _seenAt = new long[total];
    }

    public long Seen => Interlocked.Read(ref _seen);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long LastSeenTimestamp => Interlocked.Read(ref _lastSeenTimestamp);

    public long SeenAt(int seq) => _seenAt[seq];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Start at the current end: only this run's lines count.
        long position = File.Exists(_path) ? new FileInfo(_path).Length : 0;
        var carry = new List<byte>();
        var buffer = new byte[1 << 20];
        while (!cancellationToken.IsCancellationRequested)
        {
            var read = 0;
            if (File.Exists(_path))
            {
                await using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                if (stream.Length < position)
                {
                    position = 0;
                }

                stream.Position = position;
                int n;
                while ((n = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    position += n;
                    read += n;
                    Scan(buffer.AsSpan(0, n), carry);
                }
            }

            if (read == 0)
            {
                await Task.Delay(5, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
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

    private void Line(ReadOnlySpan<byte> line, long now)
    {
        var at = line.IndexOf(_marker);
        if (at < 0)
        {
            return;
        }

        var digits = line[(at + _marker.Length)..];
        if (!Utf8Parser.TryParse(digits, out int seq, out _) || seq < 0 || seq >= _seenAt.Length)
        {
            return;
        }

        if (_seenAt[seq] != 0)
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        _seenAt[seq] = now;
        Interlocked.Increment(ref _seen);
        Interlocked.Exchange(ref _lastSeenTimestamp, now);
    }
}
