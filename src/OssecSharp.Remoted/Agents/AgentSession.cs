using OssecSharp.Core.Crypto;
using OssecSharp.Core.Events;
using OssecSharp.Core.Keys;
using OssecSharp.Remoted.Transport;

namespace OssecSharp.Remoted.Agents;

/// <summary>
/// What remoted knows about one agent it has heard from (OSSEC's per-key <c>keyentry</c> runtime fields): the key
/// entry, its cipher (built once, on first use: 100,000 registered agents must not cost 100,000 key schedules),
/// where and how to answer it, and the last keepalive. Mutable fields are guarded by <see cref="Gate"/>.
/// </summary>
internal sealed class AgentSession
{
    private AgentCipher? _cipher;
    private Receipts.ReceiptTracker? _receipts;
    private ArchiveAgent? _archive;

    public AgentSession(KeyEntry entry)
    {
        Entry = entry;
    }

    public KeyEntry Entry { get; set; }

    public string Id => Entry.Id;

    public string Name => Entry.Name;

    /// <summary>The ip string used in agent-info file names and event locations (<c>any</c> stays <c>any</c>).</summary>
    public string IpString => Entry.IpString;

    public object Gate { get; } = new();

    public AgentCipher Cipher
    {
        get
        {
            var cipher = Volatile.Read(ref _cipher);
            if (cipher is not null)
            {
                return cipher;
            }

            var built = new AgentCipher(DerivedKey.Compute(Entry.Id, Entry.Name, Entry.Key));
            cipher = Interlocked.CompareExchange(ref _cipher, built, null);
            if (cipher is null)
            {
                return built;
            }

            built.Dispose();
            return cipher;
        }
    }

    /// <summary>The agent's part of its archive records, encoded once (again only when a reload changes its ip).</summary>
    public ArchiveAgent Archive
    {
        get
        {
            var archive = Volatile.Read(ref _archive);
            var entry = Entry;
            if (archive is null || !string.Equals(archive.Ip, entry.IpString, StringComparison.Ordinal)
                || !string.Equals(archive.Name, entry.Name, StringComparison.Ordinal))
            {
                archive = new ArchiveAgent(entry.Id, entry.Name, entry.IpString);
                Volatile.Write(ref _archive, archive);
            }

            return archive;
        }
    }

    /// <summary>Method of the last datagram accepted from the agent; replies use it (4.x default before any: AES).</summary>
    public CryptoMethod LastMethod { get; set; } = CryptoMethod.Aes;

    /// <summary>Source of the last control message: replies, file pushes and active responses go there.</summary>
    public IPeer? ReplyPeer { get; set; }

    /// <summary><see cref="Environment.TickCount64"/> of the last control message (0: none yet).</summary>
    public long LastControlTicks { get; set; }

    /// <summary><see cref="Environment.TickCount64"/> of the last accepted message of any kind.</summary>
    public long LastSeenTicks { get; set; }

    /// <summary>Body of the last keepalive, compared with the next one (identical → only touch agent-info).</summary>
    public string? LastKeepalive { get; set; }

    /// <summary>Whether this process wrote the agent-info file (OSSEC's "path already known").</summary>
    public bool AgentInfoWritten { get; set; }

    /// <summary>Set once "Agent disconnected" was reported, cleared when the agent is heard again.</summary>
    public bool DisconnectReported { get; set; }

    /// <summary><see cref="Environment.TickCount64"/> of the last startup-message counter resync.</summary>
    public long LastResyncTicks { get; set; }

    /// <summary><see cref="Environment.TickCount64"/> of the last look for an operator's counter reset.</summary>
    public long LastCounterFileCheckTicks { get; set; }

    /// <summary>Receipt state, from the agent's first sync message on (protocol extension); null before.</summary>
    public Receipts.ReceiptTracker? Receipts
    {
        get => Volatile.Read(ref _receipts);
    }

    /// <summary>1 while a shared-file push to this agent is running.</summary>
    public int PushInProgress;

    /// <summary>The agent's receipt tracker, created on its first sync.</summary>
    public Receipts.ReceiptTracker StartReceipts()
    {
        var tracker = Volatile.Read(ref _receipts);
        if (tracker is not null)
        {
            return tracker;
        }

        tracker = new Receipts.ReceiptTracker();
        return Interlocked.CompareExchange(ref _receipts, tracker, null) ?? tracker;
    }

    /// <summary>Whether <paramref name="entry"/> is the same agent with the same secret (keys reload keeps the session).</summary>
    public bool Matches(KeyEntry entry) =>
        string.Equals(entry.Id, Entry.Id, StringComparison.Ordinal)
        && string.Equals(entry.Name, Entry.Name, StringComparison.Ordinal)
        && string.Equals(entry.Key, Entry.Key, StringComparison.Ordinal);
}
