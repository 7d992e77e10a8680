using System.Text;
using OssecSharp.Core.Counters;
using OssecSharp.Core.Crypto;
using OssecSharp.Core.Logging;
using OssecSharp.Core.Protocol;
using OssecSharp.Remoted.Agents;
using OssecSharp.Remoted.Control;
using OssecSharp.Remoted.Diagnostics;
using OssecSharp.Remoted.Receipts;
using OssecSharp.Remoted.Transport;
using Serilog;

namespace OssecSharp.Remoted.Pipeline;

/// <summary>
/// The decrypt stage (OSSEC's <c>HandleSecure</c>): find the agent, decrypt and verify, apply the replay rule,
/// then dispatch control messages and events. One instance per worker (it owns a work buffer); nothing here throws
/// on untrusted bytes, and every rejection is counted by reason and logged with rate limiting.
/// </summary>
internal sealed class MessageProcessor : IDisposable
{
    private readonly AgentDirectory _agents;
    private readonly ReceiveCounterStore _counters;
    private readonly ControlHandler _control;
    private readonly IEventOutput _events;
    private readonly RemotedStats _stats;
    private readonly RemotedConfig _settings;
    private readonly KeyReloader _reloader;
    private readonly ILogger _log;
    private readonly LogThrottle _throttle;
    private readonly byte[] _work = new byte[SecureMessageCodec.DecodeWorkBufferLength];

    // zlib's inflate state and window, kept and reset between datagrams instead of built and freed for each.
    private readonly MessageInflater _inflater = new();
    private readonly string _ridsDirectory;
    private readonly ReceiptConfirmer _confirmer;

    // Set in a cluster: which agents this node may accept, and the registry claim of a start-up (docs/cluster.md).
    private readonly OssecSharp.Core.Registry.CounterFence? _fence;

    public MessageProcessor(
        AgentDirectory agents, ReceiveCounterStore counters, ControlHandler control, IEventOutput events,
        RemotedStats stats, RemotedConfig settings, KeyReloader reloader, ILogger log, LogThrottle throttle, string ridsDirectory,
        ReceiptConfirmer confirmer, OssecSharp.Core.Registry.CounterFence? fence = null)
    {
        _fence = fence;
        _confirmer = confirmer;
        _ridsDirectory = ridsDirectory;
        _agents = agents;
        _counters = counters;
        _control = control;
        _events = events;
        _stats = stats;
        _settings = settings;
        _reloader = reloader;
        _log = log;
        _throttle = throttle;
    }

    /// <summary>
    /// Handles one datagram (or TCP frame) that <see cref="ReceivePipeline"/> has already size-checked. Returns the
    /// reason it was rejected, or null when accepted.
    /// </summary>
    public RejectReason? Process(ReadOnlySpan<byte> datagram, IPeer peer)
    {
        // The envelope is parsed once: its id finds the agent, and its method and body go on to the decoder.
        if (SecureEnvelope.TryParse(datagram, out var envelope) != DecodeStatus.Ok)
        {
            return Reject(RejectReason.BadFormat, peer, 1403, "Incorrectly formatted message from '{1}'.");
        }

        var found = _agents.Find(envelope.AgentId, peer, out var session);
        if (found != LookupResult.Found)
        {
            // OSSEC re-reads client.keys when an unknown sender appears; we only poke the background reloader
            // (never blocking this path) and drop this datagram.
            _reloader.Poke();
            return found == LookupResult.InvalidId
                ? Reject(RejectReason.InvalidId, peer, 1408, "Invalid ID {2} for the source ip: '{1}'.", 0, Encoding.ASCII.GetString(envelope.AgentId))
                : Reject(RejectReason.UnknownSource, peer, 1213, "Message from '{1}' not allowed.");
        }

        var agent = session!;
        if (!_settings.CryptoAccepted(envelope.Method))
        {
            return Reject(RejectReason.Policy, peer, null, "Rejected {2} message from {1} (Policy: {3} only)", 0,
                envelope.Method == CryptoMethod.Aes ? "AES" : "Blowfish", envelope.Method == CryptoMethod.Aes ? "Blowfish" : "AES");
        }

        var status = SecureMessageCodec.TryDecode(envelope, agent.Cipher, _work, _inflater, out var message);
        if (status != DecodeStatus.Ok)
        {
            return status switch
            {
                DecodeStatus.DecompressFailed or DecodeStatus.TooLarge =>
                    Reject(RejectReason.Decompress, peer, 2202, "Error uncompressing string."),
                DecodeStatus.ChecksumMismatch =>
                    Reject(RejectReason.Checksum, peer, 1406, "Checksum mismatch on message from '{2}'.", 0, agent.IpString),
                DecodeStatus.BadFormat or DecodeStatus.BadIdPrefix or DecodeStatus.BadCounterFormat or DecodeStatus.Empty =>
                    Reject(RejectReason.BadFormat, peer, 1403, "Incorrectly formatted message from '{2}'.", 0, agent.Id),
                _ => Reject(RejectReason.WrongKey, peer, 1404, "Authentication error. Wrong key from '{2}'.", 0, agent.IpString),
            };
        }

        var payload = message.Payload;
        var counter = new MessageCounter(message.Global, message.Local);
        var control = ControlMessage.FromAgent(payload);

        // OSSEC's start-up, or ours with the receipt trailer after a NUL: in a cluster, the claim (docs/cluster.md).
        var startup = _fence is not null && control.Kind is ControlKind.AgentStartup or ControlKind.LinkSync;
        if (_fence is not null && !startup && !_fence.Holds(agent.Id))
        {
            return Reject(RejectReason.NotHeld, peer, null, "Message from agent '{2}' refused: this node serves it from its next start-up.", 0, agent.Name);
        }

        var verdict = _counters.CheckAndUpdate(agent.Id, counter, _settings.VerifyMsgId);
        if (verdict != ReplayVerdict.Accept && OperatorResetCounter(agent))
        {
            verdict = _counters.CheckAndUpdate(agent.Id, counter, _settings.VerifyMsgId);
        }

        if (verdict != ReplayVerdict.Accept && !TryStartupResync(agent, counter, payload))
        {
            if (verdict == ReplayVerdict.Duplicate)
            {
                var stored = _counters.Get(agent.Id);
                _log.Debug("Duplicate error: global: {Global}, local: {Local}, saved global: {SavedGlobal}, saved local: {SavedLocal}",
                    counter.Global, counter.Local, stored.Global, stored.Local);
                return Reject(RejectReason.Duplicate, peer, 1407, "Duplicated counter for '{2}'.", 0, agent.Name);
            }

            return Reject(RejectReason.OldCounter, peer, 1404, "Authentication error. Wrong key from '{1}'.");
        }

        if (_fence is not null)
        {
            if (startup && !_fence.TryClaim(agent.Id, counter))
            {
                return Reject(RejectReason.OldCounter, peer, 1404, "Authentication error. Wrong key from '{1}'.");
            }

            _fence.Accepted(agent.Id, counter);
        }

        _stats.OnDecrypted();
        peer.MarkAuthenticated();
        var now = Environment.TickCount64;
        agent.LastSeenTicks = now;
        agent.LastMethod = message.Method;
        var receipts = agent.Receipts;
        if (control.Kind != ControlKind.Event)
        {
            if (_settings.LinkExtensions && control.Kind == ControlKind.LinkSync)
            {
                receipts = agent.StartReceipts();
                receipts.Sync(counter);
            }
            else
            {
                receipts?.Admit(counter, isEvent: false);
            }

            // The reply goes first: it records the peer that confirmations are sent to, and the confirmer (another
            // thread, every 10 ms) could otherwise answer a sync with its first confirmation before the sync's ack.
            _control.Handle(agent, peer, control, message.Method);
            if (receipts is not null)
            {
                _confirmer.Touch(agent, receipts);
            }

            return null;
        }

        // OSSEC handles the decrypted text as a C string: an event ends at its first NUL byte (never written raw).
        var nul = payload.IndexOf((byte)0);
        if (nul >= 0)
        {
            payload = payload[..nul];
        }

        // analysisd's format needs "q:" in front (OSSEC 1106); OSSEC silently drops "keepalive" locations.
        if (!QueueMessage.IsWellFormedEvent(payload))
        {
            Handled(agent, receipts, counter);
            return Reject(RejectReason.BadEvent, peer, 1106, "String not correctly formatted.");
        }

        if (QueueMessage.IsKeepaliveLocation(payload))
        {
            Handled(agent, receipts, counter);
            return null;
        }

        var admission = receipts?.Admit(counter, isEvent: true) ?? ReceiptAdmission.Untracked;
        if (admission == ReceiptAdmission.Drop)
        {
            // After a gap the agent has been asked to send everything again from the gap on: sinking this one too
            // would only make a duplicate.
            _stats.OnAwaitingResend();
            _confirmer.Touch(agent, receipts!);
            return null;
        }

        _stats.OnEvent();
        if (admission == ReceiptAdmission.Untracked)
        {
            _events.Publish(agent, payload);
        }
        else if (!_events.Publish(agent, payload, new EventReceipt(agent, receipts!, counter, _confirmer)))
        {
            receipts!.Refused(counter);
            _confirmer.Touch(agent, receipts!);
        }

        return null;
    }

    public void Dispose() => _inflater.Dispose();

    /// <summary>A message of an agent using receipts was fully handled without an event to write.</summary>
    private void Handled(AgentSession agent, ReceiptTracker? receipts, MessageCounter counter)
    {
        if (receipts is not null)
        {
            receipts.Admit(counter, isEvent: false);
            _confirmer.Touch(agent, receipts);
        }
    }

    /// <summary>
    /// The operator's resync (agent_control/manage_agents delete <c>queue/rids/&lt;id&gt;</c>): when an agent is being
    /// rejected for its counters, look (at most once a second per agent) whether its file is gone; if so, start
    /// again from 0:0. OSSEC 4.x only notices at a counter flush, which a locked-out agent never triggers.
    /// </summary>
    private bool OperatorResetCounter(AgentSession agent)
    {
        var now = Environment.TickCount64;
        lock (agent.Gate)
        {
            if (now - agent.LastCounterFileCheckTicks < 1000)
            {
                return false;
            }

            agent.LastCounterFileCheckTicks = now;
        }

        if (File.Exists(Path.Combine(_ridsDirectory, agent.Id)))
        {
            return false;
        }

        var old = _counters.Get(agent.Id);
        _counters.Reset(agent.Id);
        _stats.OnCounterResync();
        _log.Information("Counters of agent '{Name}' ({Id}) reset: queue/rids/{Id} was removed (was {Old}).",
            agent.Name, agent.Id, agent.Id, old.ToString());
        return true;
    }

    /// <summary>
    /// Opt-in (<c>remoted.startup_resync=1</c>): a reinstalled or snapshot-reverted agent restarts its counters
    /// lower than what the manager stored, and OSSEC then rejects it forever. Its first message is always
    /// <c>#!-agent startup </c>, which has just been decrypted with the agent's own key and passed the checksum.
    /// Accepting that one message as the new counter base (at most once per agent per interval, and logged) ends
    /// the lock-out without disabling replay protection for anything else.
    /// </summary>
    private bool TryStartupResync(AgentSession agent, MessageCounter counter, ReadOnlySpan<byte> payload)
    {
        if (!_settings.StartupResync || !payload.SequenceEqual(ControlMessage.AgentStartup))
        {
            return false;
        }

        var now = Environment.TickCount64;
        lock (agent.Gate)
        {
            if (agent.LastResyncTicks != 0 && now - agent.LastResyncTicks < _settings.StartupResyncInterval.TotalMilliseconds)
            {
                return false;
            }

            agent.LastResyncTicks = now;
        }

        var stored = _counters.Get(agent.Id);
        _counters.Reset(agent.Id);
        _counters.CheckAndUpdate(agent.Id, counter, verify: false);
        _counters.Flush();
        _stats.OnCounterResync();
        _log.Warning("Counters of agent '{Name}' ({Id}) resynchronised by its start-up message: {Old} -> {New}.",
            agent.Name, agent.Id, stored.ToString(), counter.ToString());
        return true;
    }

    private RejectReason Reject(RejectReason reason, IPeer peer, int? code, string format, int number = 0, string? a = null, string? b = null)
    {
        _stats.OnReject(reason);
        if (_throttle.ShouldLog(reason.ToString() + "|" + peer.IpString, out var suppressed))
        {
            // a and b may come from the datagram (an agent id of thousands of digits): capped.
            var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, number, peer.IpString,
                a is null ? null : LogText.Quote(a), b is null ? null : LogText.Quote(b));
            var logger = code is { } c ? _log.WithCode(c) : _log;
            var level = reason is RejectReason.UnknownSource or RejectReason.Policy
                ? Serilog.Events.LogEventLevel.Warning
                : Serilog.Events.LogEventLevel.Error;
            logger.Write(level, "{Text}", text);
            if (suppressed > 0)
            {
                _log.Information("{Count} similar messages from '{Ip}' were not logged.", suppressed, peer.IpString);
            }
        }

        return reason;
    }
}
