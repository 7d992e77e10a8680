using System.Net.Sockets;
using System.Text;
using OssecSharp.Core.Logging;
using OssecSharp.Core.Net;
using OssecSharp.Remoted.Agents;
using OssecSharp.Remoted.Control;
using OssecSharp.Remoted.Diagnostics;
using Serilog;

namespace OssecSharp.Remoted.ActiveResponse;

/// <summary>
/// OSSEC's <c>AR_Forward</c> thread (channel-control.md §7): binds the unix datagram socket <c>queue/alerts/ar</c>,
/// where analysisd and agent_control drop requests, and sends each as <c>#!-execd …</c> (or a bare control body)
/// to all agents, the agent named in the event location, or one agent id. Agents not heard from within the send
/// window (1200 s) are skipped silently, as OSSEC does.
/// </summary>
internal sealed class ArForwarder : IDisposable
{
    private const int MaxMessage = 6144;
    private readonly string _path;
    private readonly AgentDirectory _agents;
    private readonly ReplySender _replies;
    private readonly RemotedStats _stats;
    private readonly TimeSpan _window;
    private readonly ILogger _log;
    private UnixDatagramServer? _server;

    public ArForwarder(string path, AgentDirectory agents, ReplySender replies, RemotedStats stats, TimeSpan window, ILogger log)
    {
        _path = path;
        _agents = agents;
        _replies = replies;
        _stats = stats;
        _window = window;
        _log = log;
    }

    /// <summary>Binds the socket (a stale file from a previous run is replaced).</summary>
    public void Bind()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _server = UnixDatagramServer.Bind(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite
            | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var server = _server ?? throw new InvalidOperationException("Not bound.");
        var buffer = new byte[MaxMessage + 1];
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await server.ReceiveAsync(buffer, cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _log.Error("Active response queue: {Error}", e.SocketErrorCode);
                await Task.Delay(100, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            var text = Encoding.UTF8.GetString(buffer, 0, received);
            var nul = text.IndexOf('\0', StringComparison.Ordinal);
            Forward(nul >= 0 ? text[..nul] : text);
        }
    }

    /// <summary>Handles one request; returns the number of agents it was sent to.</summary>
    public int Forward(string message)
    {
        if (!ArRequest.TryParse(message, out var request) || request is null)
        {
            _log.WithCode(1310).Warning("Invalid active response (execd) message '{Message}'.", message);
            return 0;
        }

        var payload = request.ToPayload();
        switch (request.Target)
        {
            case ArTarget.AllAgents:
                var sent = 0;
                // Only agents heard from can be reached; sessions of removed agents are dropped on reload.
                foreach (var session in _agents.Sessions)
                {
                    sent += SendTo(session, payload) ? 1 : 0;
                }

                return sent;
            case ArTarget.SourceAgent:
                return SendOrComplain(_agents.FindByName(request.LocationName), request.LocationName, payload);
            case ArTarget.SpecificAgent:
                return SendOrComplain(_agents.FindById(request.AgentId), request.AgentId, payload);
            default:
                return 0;
        }
    }

    private int SendOrComplain(AgentSession? session, string who, byte[] payload)
    {
        if (session is null)
        {
            _log.WithCode(1320).Error("Agent '{Agent}' not found.", who);
            return 0;
        }

        return SendTo(session, payload) ? 1 : 0;
    }

    private bool SendTo(AgentSession session, byte[] payload)
    {
        long lastControl;
        lock (session.Gate)
        {
            lastControl = session.LastControlTicks;
        }

        if (lastControl == 0 || Environment.TickCount64 - lastControl > _window.TotalMilliseconds)
        {
            return false;
        }

        var sent = _replies.Send(session, payload);
        if (sent)
        {
            _stats.OnArForwarded();
        }

        return sent;
    }

    public void Dispose()
    {
        _server?.Dispose();
        _server = null;
    }
}
