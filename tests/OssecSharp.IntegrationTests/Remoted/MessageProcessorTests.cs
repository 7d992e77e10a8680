using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using OssecSharp.Core.Counters;
using OssecSharp.Core.Crypto;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Logging;
using OssecSharp.Core.Protocol;
using OssecSharp.LoadTool;
using OssecSharp.Remoted;
using OssecSharp.Remoted.Agents;
using OssecSharp.Remoted.Control;
using OssecSharp.Remoted.Diagnostics;
using OssecSharp.Remoted.Pipeline;
using OssecSharp.Remoted.Receipts;
using OssecSharp.Remoted.Shared;
using OssecSharp.Remoted.Transport;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Remoted;

/// <summary>
/// remoted's decrypt stage on its own, without sockets: every way a datagram is accepted or rejected
/// (OSSEC's HandleSecure), one row each, then what an accepted event or control message leads to.
/// </summary>
public sealed class MessageProcessorTests
{
    private const string Event = "1:/var/log/auth.log:Nov 22 00:00:00 web01 sshd[1]: Accepted password for root";

    private static readonly IPAddress s_local = IPAddress.Loopback;

    // 001 may send from anywhere (!id! prefix), 002 only from 10.0.0.5 (no prefix), 003 from 10.1.0.0/16 (prefix).
    private static readonly string s_keys =
        $"001 web01 any {new string('a', 64)}\n002 db01 10.0.0.5 {new string('b', 64)}\n003 net03 10.1.0.0/16 {new string('c', 64)}\n";

    public static TheoryData<string, string> Cases => new()
    {
        { "event from an agent with its !id! prefix (AES)", "accepted" },
        { "event from an agent with its !id! prefix (Blowfish)", "accepted" },
        { "event from a single-host agent without prefix", "accepted" },
        { "event from inside an agent's network", "accepted" },
        { "control message", "accepted" },
        { "keepalive location, dropped in silence", "accepted" },
        { "larger than any valid message", "Oversize" },
        { "no envelope", "BadFormat" },
        { "bad !id! prefix", "BadFormat" },
        { "prefix without a body", "BadFormat" },
        { "unknown source ip without prefix", "UnknownSource" },
        { "unknown id", "InvalidId" },
        { "known id from outside its network", "InvalidId" },
        { "Blowfish to an AES-only manager", "Policy" },
        { "AES to a Blowfish-only manager", "Policy" },
        { "encrypted with another agent's key", "WrongKey" },
        { "AES body of a wrong length", "WrongKey" },
        { "AES garbage", "WrongKey" },
        { "uncompressed (OSSEC 0.x) message", "WrongKey" },
        { "checksum mismatch", "Checksum" },
        { "zlib garbage", "Decompress" },
        { "zlib bomb", "Decompress" },
        { "bad counter format", "BadFormat" },
        { "replayed datagram", "Duplicate" },
        { "older global counter", "OldCounter" },
        { "older counter after the operator removed queue/rids/<id>", "accepted" },
        { "older counter with verify_msg_id 0", "accepted" },
        { "older start-up message with startup_resync", "accepted" },
        { "older start-up message without startup_resync", "OldCounter" },
        { "event without q:", "BadEvent" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_datagram_is_accepted_or_rejected_for_its_reason(string scenario, string expected)
    {
        await using var f = new Fixture(SettingsFor(scenario));
        var result = Play(scenario, f);

        (result?.ToString() ?? "accepted").Should().Be(expected, scenario);
        f.Stats.RejectedTotal.Should().Be(result is null ? 0 : 1, "exactly one rejection is counted, under its reason");
        if (result is { } reason)
        {
            f.Stats.Rejected(reason).Should().Be(1);
        }
    }

    [Theory]
    [InlineData(CryptoMethod.Aes)]
    [InlineData(CryptoMethod.Blowfish)]
    public async Task An_accepted_event_is_published_as_analysisd_reads_it_and_ends_at_its_first_NUL(CryptoMethod method)
    {
        await using var f = new Fixture(new RemotedConfig());
        using var agent = Fixture.Agent("001", method);
        f.Process(agent.Encode(Encoding.UTF8.GetBytes(Event + "\0ignored")), s_local).Should().BeNull();

        f.Events.Events.Should().Equal("1:(web01) any->/var/log/auth.log:Nov 22 00:00:00 web01 sshd[1]: Accepted password for root");
        f.Stats.Events.Should().Be(1);
        f.Stats.ControlMessages.Should().Be(0);
        f.Peer.Authenticated.Should().BeTrue();
        f.Counters.Get("001").Should().Be(new MessageCounter(0, 1));
    }

    [Fact]
    public async Task A_control_message_is_acked_with_the_offer_and_writes_no_event_and_a_keepalive_writes_agent_info()
    {
        await using var f = new Fixture(new RemotedConfig());
        using var agent = Fixture.Agent("001", CryptoMethod.Aes);
        f.Process(agent.Encode(ControlMessage.AgentStartup), s_local).Should().BeNull();
        var offer = Encoding.ASCII.GetString(ControlMessage.FormatOffer(LinkFeatures.Receipts | LinkFeatures.Shutdown));
        f.Peer.Replies(agent.Cipher).Should().Equal(offer);

        f.Process(agent.Encode("#!-Linux web01 6.1 - OSSEC HIDS v4.2.0\nx merged.mg\n\nR"u8), s_local).Should().BeNull();

        // The ack goes before anything else (the shared-file push may follow it at any time).
        f.Peer.Replies(agent.Cipher)[1].Should().Be("#!-agent ack ");
        File.ReadAllText(f.Paths.AgentInfoFile("web01", "any")).Should().Be("Linux web01 6.1 - OSSEC HIDS v4.2.0\ncrypto_method:aes\n");

        f.Events.Events.Should().BeEmpty();
        f.Stats.ControlMessages.Should().Be(2);
        f.Stats.Events.Should().Be(0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_link_sync_starts_receipts_only_when_extensions_are_on(bool extensions)
    {
        await using var f = new Fixture(new RemotedConfig { LinkExtensions = extensions });
        using var agent = Fixture.Agent("001", CryptoMethod.Aes);
        f.Process(agent.Encode(ControlMessage.LinkSync), s_local).Should().BeNull();

        (f.Agents.FindById("001")!.Receipts is not null).Should().Be(extensions);

        // OSSEC's start-up for strcmp: acked like one, never with the offer.
        f.Peer.Replies(agent.Cipher).Should().Equal("#!-agent ack ");
        f.Stats.ControlMessages.Should().Be(1);
    }

    private static RemotedConfig SettingsFor(string scenario) => scenario switch
    {
        "larger than any valid message" => new RemotedConfig { MaxDatagram = 2000 },
        "Blowfish to an AES-only manager" => new RemotedConfig { CryptoAccept = CryptoAcceptPolicy.AesOnly },
        "AES to a Blowfish-only manager" => new RemotedConfig { CryptoAccept = CryptoAcceptPolicy.BlowfishOnly },
        "older counter with verify_msg_id 0" => new RemotedConfig { VerifyMsgId = false },
        "older start-up message with startup_resync" => new RemotedConfig { StartupResync = true },
        _ => new RemotedConfig(),
    };

    private static RejectReason? Play(string scenario, Fixture f)
    {
        using var web = Fixture.Agent("001", CryptoMethod.Aes);
        using var db = Fixture.Agent("002", CryptoMethod.Blowfish);
        using var net = Fixture.Agent("003", CryptoMethod.Aes);
        var eventBytes = Encoding.UTF8.GetBytes(Event);
        switch (scenario)
        {
            case "event from an agent with its !id! prefix (AES)":
                return f.Process(web.Encode(eventBytes), s_local);
            case "event from an agent with its !id! prefix (Blowfish)":
                web.Method = CryptoMethod.Blowfish;
                return f.Process(web.Encode(eventBytes), s_local);
            case "event from a single-host agent without prefix":
                return f.Process(db.Encode(eventBytes), IPAddress.Parse("10.0.0.5"));
            case "event from inside an agent's network":
                return f.Process(net.Encode(eventBytes), IPAddress.Parse("10.1.200.7"));
            case "control message":
                return f.Process(web.Encode(ControlMessage.AgentStartup), s_local);
            case "keepalive location, dropped in silence":
                return f.Process(web.Encode("1:keepalive:x"u8), s_local);
            case "larger than any valid message":
                // The size is checked once, at the pipeline's entrance, before a datagram is queued for a processor.
                return f.Receive(new byte[2001], s_local);
            case "no envelope":
                return f.Process("hello"u8, s_local);
            case "bad !id! prefix":
                return f.Process("!0x1!:12345678"u8, s_local);
            case "prefix without a body":
                return f.Process("!001!"u8, s_local);
            case "unknown source ip without prefix":
                return f.Process(db.Encode(eventBytes), IPAddress.Parse("10.0.0.6"));
            case "unknown id":
                return f.Process("!999!:12345678"u8, s_local);
            case "known id from outside its network":
                return f.Process(net.Encode(eventBytes), IPAddress.Parse("10.2.0.1"));
            case "Blowfish to an AES-only manager":
                web.Method = CryptoMethod.Blowfish;
                return f.Process(web.Encode(eventBytes), s_local);
            case "AES to a Blowfish-only manager":
                return f.Process(web.Encode(eventBytes), s_local);
            case "encrypted with another agent's key":
                var strangerKey = KeyTable.Parse($"001 web01 any {new string('d', 64)}\n").Entries.Single();
                var stranger = new SimulatedAgent(strangerKey, CryptoMethod.Aes);
                using (stranger)
                {
                    return f.Process(stranger.Encode(eventBytes), s_local);
                }

            case "AES body of a wrong length":
                return f.Process([.. "!001!#AES:"u8, .. new byte[40]], s_local);
            case "AES garbage":
                return f.Process([.. "!001!#AES:"u8, .. new byte[48]], s_local);
            case "uncompressed (OSSEC 0.x) message":
                return f.Process(Legacy(db, Encoding.ASCII.GetBytes(":0000000000000001:0001:" + Event)), IPAddress.Parse("10.0.0.5"));
            case "checksum mismatch":
                return f.Process(Sealed(web, Zlib([.. Encoding.ASCII.GetBytes(new string('0', 32)), .. Inner(1, eventBytes)])), s_local);
            case "zlib garbage":
                return f.Process(Sealed(web, [0x78, 0xda, 0xff, 0xff, 0xff, 0x00, 0x11]), s_local);
            case "zlib bomb":
                return f.Process(Sealed(web, Zlib(new byte[100_000])), s_local);
            case "bad counter format":
                var inner = Encoding.ASCII.GetBytes("000010000000000-0001:" + Event);
                return f.Process(Sealed(web, Zlib(WithMd5(inner))), s_local);
            case "replayed datagram":
                var once = web.Encode(eventBytes);
                f.Accept(once, s_local);
                f.Counters.Flush();
                return f.Process(once, s_local);
            case "older global counter":
                return Older(f, web, eventBytes);
            case "older counter after the operator removed queue/rids/<id>":
                var removed = Older(f, web, eventBytes, removeFile: true);
                f.Stats.CounterResyncs.Should().Be(1);
                return removed;
            case "older counter with verify_msg_id 0":
            case "older start-up message without startup_resync":
                var startup = scenario.Contains("start-up", StringComparison.Ordinal);
                return Older(f, web, startup ? ControlMessage.AgentStartup.ToArray() : eventBytes);
            case "older start-up message with startup_resync":
                var resynced = Older(f, web, ControlMessage.AgentStartup.ToArray());
                f.Counters.Get("001").Should().Be(new MessageCounter(4, 1));
                return resynced;
            case "event without q:":
                return f.Process(web.Encode("no queue prefix"u8), s_local);
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "no such scenario");
        }
    }

    /// <summary>An accepted message at 5:1, its counter file written (then removed or not), then
    /// <paramref name="payload"/> at 4:1.</summary>
    private static RejectReason? Older(Fixture f, SimulatedAgent agent, byte[] payload, bool removeFile = false)
    {
        agent.SetCounter(5, 0);
        f.Accept(agent.Encode(Encoding.UTF8.GetBytes(Event)), s_local);
        f.Counters.Flush();
        if (removeFile)
        {
            File.Delete(Path.Combine(f.Paths.RidsDir, agent.Entry.Id));
        }

        agent.SetCounter(4, 0);
        return f.Process(agent.Encode(payload), s_local);
    }

    /// <summary><c>&lt;random&gt;&lt;global&gt;:&lt;local&gt;:</c> and the payload, as the agent writes them before the md5.</summary>
    private static byte[] Inner(uint local, byte[] payload) => [.. Encoding.ASCII.GetBytes($"12345{0:D10}:{local:D4}:"), .. payload];

    private static byte[] WithMd5(byte[] inner) => [.. Encoding.ASCII.GetBytes(Convert.ToHexStringLower(MD5.HashData(inner))), .. inner];

    private static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Fastest))
        {
            z.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Already-compressed bytes, padded, encrypted and framed for agent 001 (AES, with its prefix).</summary>
    private static byte[] Sealed(SimulatedAgent agent, byte[] compressed)
    {
        var buffer = new byte[SecureMessageCodec.MaxDatagramLength];
        var header = new SecureMessageHeader(CryptoMethod.Aes, 0, 1, 1, RandomNumberGenerator.GetBytes(16), agent.Entry.Id);
        SecureMessageCodec.TryEncodeCompressed(agent.Cipher, compressed, header, buffer, out var written).Should().BeTrue();
        return buffer[..written];
    }

    /// <summary>OSSEC 0.x's form: the message encrypted without compression (Blowfish, no prefix).</summary>
    private static byte[] Legacy(SimulatedAgent agent, byte[] plain)
    {
        var padded = new byte[(plain.Length + 7) / 8 * 8];
        plain.CopyTo(padded, 0);
        agent.Cipher.BlowfishEncrypt(padded, 0, padded.Length);
        return [(byte)':', .. padded];
    }

    /// <summary>One processor with everything it talks to, over a throwaway install.</summary>
    private sealed class Fixture : IAsyncDisposable
    {
        private readonly TestInstall _install = new();
        private readonly SharedFilePusher _pusher;
        private readonly MessageProcessor _processor;
        private readonly ReceivePipeline _entrance;

        public Fixture(RemotedConfig settings)
        {
            Paths = new OssecPaths(_install.Home);
            File.WriteAllText(Paths.ClientKeys, s_keys);
            var watcher = new KeyFileWatcher(KeyStore.ForInstall(Paths));
            var (log, _) = CollectingSink.CreateLogger("ossec-remoted");
            var throttle = new LogThrottle(TimeProvider.System, TimeSpan.FromMinutes(1));
            Agents = new AgentDirectory(watcher.Current);
            Counters = new ReceiveCounterStore(Paths.RidsDir, settings.RecvCounterFlush);
            var replies = new ReplySender(new SenderCounter(Paths.SenderCounter), Stats, log);
            _pusher = new SharedFilePusher(new SharedFileCatalog(Paths, log), Stats, log, TimeSpan.Zero);
            _pusher.Attach(replies);
            var control = new ControlHandler(
                replies, new AgentInfoWriter(Paths, log, TimeProvider.System), _pusher, Stats, log, throttle, settings.LinkExtensions);
            var reloader = new KeyReloader(watcher, new KeyLoadReport(log), Agents, Counters, log, TimeSpan.FromMinutes(1));
            _processor = new MessageProcessor(Agents, Counters, control, Events, Stats, settings, reloader, log, throttle, Paths.RidsDir,
                new ReceiptConfirmer(replies, Stats, TimeSpan.FromMilliseconds(10)));
            _entrance = new ReceivePipeline(new FairQueue(1, 1, 16), _ => _processor, Stats, log, throttle, settings.MaxDatagram);
        }

        public OssecPaths Paths { get; }

        public RemotedStats Stats { get; } = new();

        public AgentDirectory Agents { get; }

        public ReceiveCounterStore Counters { get; }

        public CollectingEventOutput Events { get; } = new();

        public RecordingPeer Peer { get; private set; } = new(s_local);

        public static SimulatedAgent Agent(string id, CryptoMethod method) =>
            new(KeyTable.Parse(s_keys).Entries.Single(e => e.Id == id), method);

        public RejectReason? Process(ReadOnlySpan<byte> datagram, IPAddress source)
        {
            if (!Peer.Address.Equals(source))
            {
                Peer = new RecordingPeer(source);
            }

            return _processor.Process(datagram, Peer);
        }

        /// <summary>Through the pipeline's entrance (not started): the rejection it counted, or null when queued.</summary>
        public RejectReason? Receive(ReadOnlySpan<byte> datagram, IPAddress source)
        {
            var before = Stats.RejectedTotal;
            _entrance.Accept(datagram, new RecordingPeer(source));
            return Stats.RejectedTotal == before
                ? null
                : Enum.GetValues<RejectReason>().Single(r => Stats.Rejected(r) > 0);
        }

        /// <summary>A message the scenario needs accepted before the one it tests.</summary>
        public void Accept(ReadOnlySpan<byte> datagram, IPAddress source) => Process(datagram, source).Should().BeNull();

        public async ValueTask DisposeAsync()
        {
            await _pusher.DisposeAsync();
            Counters.Dispose();
            _install.Dispose();
        }
    }

    /// <summary>A UDP source that keeps what remoted sends back to it.</summary>
    private sealed class RecordingPeer(IPAddress address) : IPeer
    {
        private readonly List<byte[]> _sent = [];

        public IPAddress Address { get; } = address;

        public string IpString => Address.ToString();

        public int AddressHash => Address.GetHashCode();

        public string Transport => "udp";

        public bool IsOpen => true;

        public bool Authenticated { get; private set; }

        public void MarkAuthenticated() => Authenticated = true;

        public bool TrySend(ReadOnlySpan<byte> message)
        {
            lock (_sent)
            {
                _sent.Add(message.ToArray());
            }

            return true;
        }

        /// <summary>Every reply so far, decrypted with the agent's key (as text).</summary>
        public IReadOnlyList<string> Replies(AgentCipher cipher)
        {
            var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
            lock (_sent)
            {
                return [.. _sent.Select(d => SecureMessageCodec.TryDecode(d, cipher, work, out var m) == DecodeStatus.Ok
                    ? Encoding.ASCII.GetString(m.Payload)
                    : "<undecodable>")];
            }
        }
    }
}
