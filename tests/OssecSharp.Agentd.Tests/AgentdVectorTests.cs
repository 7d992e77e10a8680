using System.Text;
using System.Text.Json;
using OssecSharp.Agentd.Session;
using OssecSharp.Agentd.Shared;
using OssecSharp.Core.Counters;
using OssecSharp.Core.Crypto;
using OssecSharp.Core.Keys;
using OssecSharp.Tests.Common;
using Serilog.Core;

namespace OssecSharp.Agentd.Tests;

/// <summary>agentd's channel against the datagrams recorded from real OSSEC 4.2 (vectors/messages.json).</summary>
public sealed class AgentdVectorTests : IDisposable
{
    private readonly TempFolder _dir = new("agentd-vectors-");

    public static TheoryData<string> AgentToManager() => Names(v =>
        v.GetProperty("direction").GetString() == "agent->manager" && v.TryGetProperty("ok", out var ok) && ok.GetBoolean());

    public static TheoryData<string> ManagerToAgent() => Names(v => v.GetProperty("direction").GetString() == "manager->agent");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [MemberData(nameof(AgentToManager))]
    public void Agent_datagrams_carry_the_recorded_prefix_counters_and_payload(string name)
    {
        var vector = Vector(name);
        var counterPath = _dir.Combine("sender_counter");
        File.WriteAllText(counterPath, vector.GetProperty("sender_counter_file_before").GetString());
        using var codec = CreateCodec(vector, counterPath);
        var plaintext = Convert.FromHexString(vector.GetProperty("plaintext_hex").GetString()!);

        var datagram = codec.Encode(plaintext).ToArray();

        Encoding.ASCII.GetString(datagram).Should().StartWith(vector.GetProperty("wire_cleartext_prefix").GetString());
        using var managerCipher = new AgentCipher(DerivedKey.Compute(codec.Identity.Id, codec.Identity.Name, codec.Identity.Key));
        var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
        SecureMessageCodec.TryDecode(datagram, managerCipher, work, out var message).Should().Be(DecodeStatus.Ok);
        message.Payload.ToArray().Should().Equal(plaintext);
        message.Global.Should().Be(vector.GetProperty("global_counter_used").GetUInt32());
        message.Local.Should().Be(vector.GetProperty("local_counter_used").GetUInt32());
        File.ReadAllText(counterPath).Should().Be(vector.GetProperty("sender_counter_file_after").GetString());
    }

    [Theory]
    [MemberData(nameof(ManagerToAgent))]
    public void Manager_datagrams_decode_with_the_configured_method(string name)
    {
        var vector = Vector(name);
        using var codec = CreateCodec(vector, _dir.Combine("sender_counter"));
        var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];

        codec.TryDecode(Convert.FromHexString(vector.GetProperty("wire_hex").GetString()!), work, out var offset, out var length, out var reason)
            .Should().BeTrue(reason);

        work.AsSpan(offset, length).ToArray().Should().Equal(Convert.FromHexString(vector.GetProperty("plaintext_hex").GetString()!));
    }

    [Fact]
    public void Replayed_manager_datagram_is_refused()
    {
        var vector = Vector("captured/manager->agent/15");
        using var codec = CreateCodec(vector, _dir.Combine("sender_counter"));
        var wire = Convert.FromHexString(vector.GetProperty("wire_hex").GetString()!);
        var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];

        codec.TryDecode(wire, work, out _, out _, out _).Should().BeTrue();
        codec.TryDecode(wire, work, out _, out _, out var reason).Should().BeFalse();
        reason.Should().Be("duplicated counter");
    }

    [Fact]
    public void Captured_partial_shared_file_push_is_refused_by_md5_and_leaves_nothing()
    {
        var shared = _dir.Combine("etc", "shared");
        using var receiver = new SharedFileReceiver(shared, Logger.None);
        var handler = new ManagerMessageHandler(receiver, null, _dir.Combine(".syscheck_run"), Logger.None);
        var first = Vector("captured/manager->agent/16");
        using var codec = CreateCodec(first, _dir.Combine("sender_counter"));
        var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];

        foreach (var name in new[] { "16", "17", "18", "19" })
        {
            var wire = Convert.FromHexString(Vector("captured/manager->agent/" + name).GetProperty("wire_hex").GetString()!);
            codec.TryDecode(wire, work, out var offset, out var length, out var reason).Should().BeTrue(reason);
            handler.Handle(work.AsSpan(offset, length)).Should().NotBe(ManagerMessageKind.Unknown);
        }

        // The capture holds only two of the many 900-byte chunks: the md5 cannot match, so nothing is installed.
        Directory.GetFiles(shared).Should().BeEmpty();
    }

    private AgentChannelCodec CreateCodec(JsonElement vector, string counterPath)
    {
        var entry = KeyTable.Parse(vector.GetProperty("client_keys_line").GetString() + "\n").Entries.Single();
        var identity = new AgentIdentity(entry.Id, entry.Name, entry.IpString, entry.IsSingleHost, entry.Key);
        var method = vector.GetProperty("crypto").GetString()!.StartsWith("AES", StringComparison.Ordinal) ? CryptoMethod.Aes : CryptoMethod.Blowfish;
        Directory.CreateDirectory(_dir.Combine("rids"));
        return new AgentChannelCodec(identity, method, new SenderCounter(counterPath), new ReceiveCounterStore(_dir.Combine("rids")), verifyMessageId: true);
    }

    private static JsonElement Vector(string name)
    {
        using var document = SharedReference.LoadVectors("messages.json");
        return document.RootElement.GetProperty("vectors").EnumerateArray()
            .Single(v => v.GetProperty("name").GetString() == name).Clone();
    }

    private static TheoryData<string> Names(Func<JsonElement, bool> filter)
    {
        using var document = SharedReference.LoadVectors("messages.json");
        var data = new TheoryData<string>();
        foreach (var vector in document.RootElement.GetProperty("vectors").EnumerateArray().Where(filter))
        {
            data.Add(vector.GetProperty("name").GetString()!);
        }

        return data;
    }
}
