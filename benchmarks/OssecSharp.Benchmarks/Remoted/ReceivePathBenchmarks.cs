using System.Net;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using OssecSharp.Core.Counters;
using OssecSharp.Core.Crypto;
using OssecSharp.Core.Events;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Logging;
using OssecSharp.Remoted;
using OssecSharp.Remoted.Agents;
using OssecSharp.Remoted.Control;
using OssecSharp.Remoted.Diagnostics;
using OssecSharp.Remoted.Pipeline;
using OssecSharp.Remoted.Receipts;
using OssecSharp.Remoted.Shared;
using OssecSharp.Remoted.Transport;
using Serilog.Core;

namespace OssecSharp.Benchmarks.Remoted;

/// <summary>
/// remoted's per-datagram work after the socket: agent lookup among 10,000 keys, decrypt + verify, replay check,
/// hand-off to the event output (a no-op here), and the fair queue round trip.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class ReceivePathBenchmarks
{
    private const int Messages = 4096;
    private readonly List<byte[]> _datagrams = [];
    private string _home = string.Empty;
    private MessageProcessor? _processor;
    private ReceiveCounterStore? _counters;
    private FairQueue? _queue;
    private IPeer? _peer;
    private int _next;

    [Params("aes", "blowfish")]
    public string Cipher { get; set; } = "aes";

    [GlobalSetup]
    public void Setup()
    {
        _home = Directory.CreateTempSubdirectory("remoted-bench-").FullName;
        var paths = new OssecPaths(_home);
        Directory.CreateDirectory(paths.RidsDir);
        Directory.CreateDirectory(paths.Etc);
        var keys = new StringBuilder();
        for (var i = 1; i <= 10000; i++)
        {
            keys.Append(i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).Append(" agent").Append(i)
                .Append(" any ").Append(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))).Append('\n');
        }

        File.WriteAllText(paths.ClientKeys, keys.ToString());
        var store = KeyStore.ForInstall(paths);
        var watcher = new KeyFileWatcher(store);
        var agents = new AgentDirectory(watcher.Current);
        var stats = new RemotedStats();
        var log = Logger.None;
        var throttle = new LogThrottle(TimeProvider.System, TimeSpan.FromSeconds(10));
        _counters = new ReceiveCounterStore(paths.RidsDir);
        var settings = new RemotedConfig { VerifyMsgId = false };
        var reloader = new KeyReloader(watcher, new KeyLoadReport(log), agents, _counters, log, TimeSpan.FromSeconds(1));
        var pusher = new SharedFilePusher(new SharedFileCatalog(paths, log), stats, log, TimeSpan.FromSeconds(1));
        var replies = new ReplySender(new SenderCounter(paths.SenderCounter), stats, log);
        var control = new ControlHandler(replies, new AgentInfoWriter(paths, log, TimeProvider.System), pusher, stats, log, throttle, offerExtensions: true);
        _processor = new MessageProcessor(agents, _counters, control, new NullOutput(), stats, settings, reloader, log, throttle, paths.RidsDir,
            new ReceiptConfirmer(replies, stats, TimeSpan.FromMilliseconds(20)));
        _queue = new FairQueue(2, 64, 4096);
        _peer = new BenchPeer();

        var method = Cipher == "aes" ? CryptoMethod.Aes : CryptoMethod.Blowfish;
        var payload = Encoding.ASCII.GetBytes(
            "1:/var/log/auth.log:Nov 22 10:15:42 web-01 sshd[4242]: Accepted publickey for deploy from 10.0.0.5 port 51515 ssh2: RSA SHA256:abc");
        for (var i = 0; i < Messages; i++)
        {
            var entry = watcher.Current.Entries[i % 1000];
            using var cipher = new AgentCipher(DerivedKey.Compute(entry.Id, entry.Name, entry.Key));
            var header = new SecureMessageHeader(method, 1, (uint)(i / 1000) + 1, 1234, RandomNumberGenerator.GetBytes(16), entry.Id);
            _datagrams.Add(SecureMessageCodec.Encode(cipher, payload, header));
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _counters?.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    /// <summary>One event datagram through lookup, decrypt, replay check and output.</summary>
    [Benchmark]
    public bool ProcessEvent()
    {
        var datagram = _datagrams[_next++ & (Messages - 1)];
        return _processor!.Process(datagram, _peer!) is null;
    }

    /// <summary>Copy into a pooled buffer, enqueue on the source's shard, drain and release.</summary>
    [Benchmark]
    public int QueueRoundTrip()
    {
        var datagram = _datagrams[_next++ & (Messages - 1)];
        _queue!.TryEnqueue(Datagram.Copy(datagram, _peer!));
        var handled = 0;
        for (var lane = 0; lane < _queue.LaneCount; lane++)
        {
            handled += _queue.Lane(lane).DrainRound(static d => d.Release());
        }

        return handled;
    }

    private sealed class NullOutput : IEventOutput
    {
        public bool Publish(AgentSession agent, ReadOnlySpan<byte> payload, IEventReceipt? receipt = null) => true;

        public bool PublishLocal(string location, string text) => true;

        public bool PublishSyslog(string sourceIp, string text) => true;
    }

    private sealed class BenchPeer : IPeer
    {
        public IPAddress Address => IPAddress.Loopback;

        public string IpString => "127.0.0.1";

        public int AddressHash => 12345;

        public string Transport => "udp";

        public bool IsOpen => true;

        public bool TrySend(ReadOnlySpan<byte> message) => true;

        public void MarkAuthenticated()
        {
        }
    }
}
