using OssecSharp.Core.Protocol;
using OssecSharp.Remoted.Agents;
using OssecSharp.Remoted.Control;
using OssecSharp.Remoted.Diagnostics;
using Serilog;

namespace OssecSharp.Remoted.Shared;

/// <summary>
/// Sends changed shared files to agents (channel-control.md §4.2–§4.3): after each keepalive the agent's merged.mg
/// sum (or, for very old agents, its per-file list) is compared with the manager's, and a difference starts a
/// transfer <c>#!-up file &lt;md5&gt; &lt;name&gt;\n</c>, 900-byte chunks, <c>#!-close file </c>, with OSSEC's 1 s
/// pause every 31 chunks. One transfer per agent at a time; a bounded number run at once, off the receive path.
/// </summary>
internal sealed class SharedFilePusher : IAsyncDisposable
{
    public const int ChunkSize = 900;
    private const int ChunksPerPause = 31;

    private readonly SharedFileCatalog _catalog;
    private readonly ILogger _log;
    private readonly RemotedStats _stats;
    private readonly TimeSpan _pause;
    private readonly SemaphoreSlim _concurrency;
    private readonly HashSet<Task> _running = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private ReplySender? _replies;

    public SharedFilePusher(SharedFileCatalog catalog, RemotedStats stats, ILogger log, TimeSpan pause, int maxConcurrent = 16)
    {
        _catalog = catalog;
        _stats = stats;
        _log = log;
        _pause = pause;
        _concurrency = new SemaphoreSlim(maxConcurrent, maxConcurrent);
    }

    /// <summary>Set once at start-up (the reply sender and the pusher reference each other through the handler).</summary>
    public void Attach(ReplySender replies) => _replies = replies;

    /// <summary>Compares a keepalive body with the manager's files and starts a transfer when needed.</summary>
    public void Request(AgentSession session, string keepalive)
    {
        var snapshot = _catalog.Refresh();
        var toSend = FilesToSend(keepalive, snapshot, out var malformed);
        if (malformed is not null)
        {
            _log.Warning("Invalid message from '{Ip}' ({What})", session.IpString, malformed);
        }

        if (toSend.Count == 0 || Interlocked.CompareExchange(ref session.PushInProgress, 1, 0) != 0)
        {
            return;
        }

        lock (_gate)
        {
            var task = Task.Run(() => PushAsync(session, toSend, _stop.Token), CancellationToken.None);
            _running.Add(task);
            _ = task.ContinueWith(Done, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// The files an agent needs, from its keepalive (lines after the uname line: <c>&lt;md5&gt; &lt;name&gt;</c>).
    /// A merged.mg line decides alone; an old-style list gets every file not listed with the right sum.
    /// </summary>
    public static List<SharedFile> FilesToSend(string keepalive, SharedSnapshot snapshot, out string? malformed)
    {
        malformed = null;
        var result = new List<SharedFile>();
        if (ReferenceEquals(snapshot, SharedSnapshot.Empty))
        {
            // Nothing built yet. An empty etc/shared is not this: it builds an empty merged.mg (md5 d41d8cd9…), which
            // OSSEC's manager.c pushes to an agent reporting another sum, so that it drops its stale configuration.
            return result;
        }

        var upToDate = new HashSet<string>(StringComparer.Ordinal);
        var lines = keepalive.Split('\n');
        var sawList = false;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                // The blank line before the random tail ends the list.
                break;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                malformed = "strchr ' '";
                break;
            }

            var md5 = line[..space];
            var name = line[(space + 1)..];
            if (name == MergedMg.FileName)
            {
                if (md5 != snapshot.MergedMd5)
                {
                    result.Add(new SharedFile(MergedMg.FileName, snapshot.Merged, snapshot.MergedMd5));
                }

                return result;
            }

            sawList = true;
            if (snapshot.Files.Any(f => f.Name == name && f.Md5 == md5))
            {
                upToDate.Add(name);
            }
        }

        if (sawList)
        {
            result.AddRange(snapshot.Files.Where(f => !upToDate.Contains(f.Name)));
        }

        return result;
    }

    private async Task PushAsync(AgentSession session, List<SharedFile> files, CancellationToken cancellationToken)
    {
        try
        {
            await _concurrency.WaitAsync(cancellationToken);
            try
            {
                foreach (var file in files)
                {
                    _log.Debug("Sending file '{Name}' to agent.", file.Name);
                    if (!await SendFileAsync(session, file, cancellationToken))
                    {
                        _log.Error("Unable to send file '{Name}' to agent.", file.Name);
                        return;
                    }

                    _stats.OnFilePushed();
                }
            }
            finally
            {
                _concurrency.Release();
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Volatile.Write(ref session.PushInProgress, 0);
        }
    }

    private async Task<bool> SendFileAsync(AgentSession session, SharedFile file, CancellationToken cancellationToken)
    {
        var replies = _replies ?? throw new InvalidOperationException("Pusher not attached.");
        if (!replies.Send(session, ControlMessage.FormatUpFile(file.Md5, file.Name)))
        {
            return false;
        }

        var chunks = 0;
        for (var offset = 0; offset < file.Content.Length; offset += ChunkSize)
        {
            var length = Math.Min(ChunkSize, file.Content.Length - offset);
            if (!replies.Send(session, file.Content.AsSpan(offset, length)))
            {
                return false;
            }

            if (++chunks % ChunksPerPause == 0)
            {
                // OSSEC's pacing: the agent reads one datagram at a time from a small socket buffer.
                await Task.Delay(_pause, cancellationToken);
            }
        }

        return replies.Send(session, ControlMessage.CloseFile);
    }

    private static void Done(Task task, object? state)
    {
        var self = (SharedFilePusher)state!;
        lock (self._gate)
        {
            self._running.Remove(task);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task[] running;
        lock (_gate)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _concurrency.Dispose();
    }
}
