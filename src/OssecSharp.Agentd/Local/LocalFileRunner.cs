using System.Text;
using OssecSharp.Agentd.Buffer;
using OssecSharp.Agentd.Follow;
using OssecSharp.Core.Crypto;
using Serilog;

namespace OssecSharp.Agentd.Local;

/// <summary>
/// Follows the <c>&lt;localfile&gt;</c> files of <c>log_format syslog</c>, polling every logcollector loop
/// (OSSEC's <c>logcollector.loop_timeout</c>); each new line becomes <c>1:&lt;path&gt;:&lt;line&gt;</c> in the
/// client buffer. A full buffer holds the follower back (the file itself keeps the lines), so nothing is lost.
/// </summary>
internal sealed class LocalFileRunner : IDisposable
{
    private readonly List<FileFollower> _followers = [];
    private readonly ClientBuffer _buffer;
    private readonly TimeSpan _interval;
    private readonly ILogger _log;
    private readonly TimeProvider _time;

    public LocalFileRunner(IEnumerable<string> paths, ClientBuffer buffer, TimeSpan interval, ILogger log, TimeProvider time)
    {
        _buffer = buffer;
        _interval = interval;
        _log = log;
        _time = time;
        foreach (var path in paths)
        {
            var header = Encoding.UTF8.GetBytes("1:" + path + ":");
            var maxLine = Math.Max(1, SecureMessageCodec.MaxPayloadLength - header.Length);
            _followers.Add(new FileFollower(path, maxLine, (line, ct) => EmitAsync(header, line, ct), log));
        }
    }

    public int Count => _followers.Count;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_followers.Count == 0)
        {
            return;
        }

        foreach (var follower in _followers)
        {
            _log.Information("Analyzing file: '{Path}'.", follower.Path);
        }

        try
        {
            while (true)
            {
                foreach (var follower in _followers)
                {
                    try
                    {
                        await follower.PollAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        _log.Error("Error reading '{Path}': {Reason}", follower.Path, ex.Message);
                    }
                }

                await Task.Delay(_interval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Orderly stop.
        }
    }

    public void Dispose()
    {
        foreach (var follower in _followers)
        {
            follower.Dispose();
        }
    }

    private ValueTask EmitAsync(byte[] header, ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        var payload = new byte[header.Length + line.Length];
        header.CopyTo(payload, 0);
        line.Span.CopyTo(payload.AsSpan(header.Length));
        return _buffer.AddAsync(payload, cancellationToken);
    }
}
