using System.Text;
using OssecSharp.Core.Agents;
using OssecSharp.Core.Crypto;
using OssecSharp.Core.Logging;
using OssecSharp.Core.Protocol;
using OssecSharp.Remoted.Agents;
using OssecSharp.Remoted.Diagnostics;
using OssecSharp.Remoted.Shared;
using OssecSharp.Remoted.Transport;
using Serilog;

namespace OssecSharp.Remoted.Control;

/// <summary>
/// Handles <c>#!-</c> control messages from agents as OSSEC's remoted does (channel-control.md §3.1): remember the
/// reply address, acknowledge, keep <c>queue/agent-info</c> current, and let the shared-file pusher compare sums.
/// </summary>
internal sealed class ControlHandler
{
    private readonly ReplySender _replies;
    private readonly AgentInfoWriter _agentInfo;
    private readonly SharedFilePusher _pusher;
    private readonly RemotedStats _stats;
    private readonly ILogger _log;
    private readonly LogThrottle _throttle;
    private readonly bool _offer;
    private readonly DisconnectMonitor? _presence;

    public ControlHandler(
        ReplySender replies, AgentInfoWriter agentInfo, SharedFilePusher pusher, RemotedStats stats, ILogger log, LogThrottle throttle,
        bool offerExtensions, DisconnectMonitor? presence = null)
    {
        _offer = offerExtensions;
        _presence = presence;
        _replies = replies;
        _agentInfo = agentInfo;
        _pusher = pusher;
        _stats = stats;
        _log = log;
        _throttle = throttle;
    }

    // What an OssecSharp agent may use with this manager; in the ack of every start-up message (an OSSEC agent
    // compares the ack with strcmp and never reads past the NUL, docs/protocol-extensions.md).
    private static readonly byte[] s_offer = ControlMessage.FormatOffer(LinkFeatures.Receipts | LinkFeatures.Shutdown);

    /// <summary>Handles one control message received from <paramref name="peer"/> (classified by
    /// <see cref="ControlMessage.FromAgent"/>).</summary>
    public void Handle(AgentSession session, IPeer peer, ControlMessage message, CryptoMethod method)
    {
        _stats.OnControl();
        var now = Environment.TickCount64;
        lock (session.Gate)
        {
            session.ReplyPeer = peer;
            session.LastControlTicks = now;
        }

        // OSSEC's start-up only: "agent startup \0…" (the extension's sync among them) gets OSSEC's bare ack.
        var exactStartup = message.Kind == ControlKind.AgentStartup && !message.HasTrailer;
        _replies.Send(session, exactStartup && _offer ? s_offer : ControlMessage.AgentAck);
        switch (message.Kind)
        {
            case ControlKind.AgentStartup or ControlKind.LinkSync:
                Started(session, peer);
                return;
            case ControlKind.AgentShutdown:
                ShuttingDown(session);
                return;
            default:
                Keepalive(session, message.Argument, method);
                return;
        }
    }

    // "agent startup \0…" is a start-up for OSSEC's strcmp; ours uses it to carry the extension's sync.
    private void Started(AgentSession session, IPeer peer)
    {
        _log.Debug("Agent '{Name}' ({Id}) started a session from {Peer}.", session.Name, session.Id, peer);

        // A restarted agent announces itself ("ossec: Agent started: ..."): no second line from here.
        lock (session.Gate)
        {
            session.DisconnectReported = false;
        }
    }

    private void ShuttingDown(AgentSession session)
    {
        // Sent by newer agents when they stop; OSSEC 4.2 agents never do. The disconnect monitor reports it at
        // its next check (1 = "long ago": nothing more is sent to the agent either).
        _log.Information("Agent '{Name}' ({Id}) is shutting down.", session.Name, session.Id);
        lock (session.Gate)
        {
            session.LastKeepalive = null;
            session.LastControlTicks = 1;
        }
    }

    private void Keepalive(AgentSession session, ReadOnlySpan<byte> body, CryptoMethod method)
    {
        var text = Encoding.UTF8.GetString(body);
        bool identical;
        bool returned;
        lock (session.Gate)
        {
            identical = session.AgentInfoWritten && string.Equals(text, session.LastKeepalive, StringComparison.Ordinal);
            returned = session.DisconnectReported;
            session.DisconnectReported = false;
        }

        if (returned)
        {
            _presence?.Returned(session);
        }

        if (identical)
        {
            _agentInfo.Touch(session.Name, session.IpString);
            _pusher.Request(session, text);
            return;
        }

        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0)
        {
            if (_throttle.ShouldLog("uname:" + session.Id, out _))
            {
                _log.Warning("Invalid message from agent id: '{Id}'(uname)", session.Id);
            }

            return;
        }

        lock (session.Gate)
        {
            session.LastKeepalive = text;
        }

        if (_agentInfo.Write(session.Name, session.IpString, AgentInfo.From(text[..newline], method)))
        {
            lock (session.Gate)
            {
                session.AgentInfoWritten = true;
            }
        }

        _pusher.Request(session, text);
    }
}
