using OssecSharp.Core.Crypto;

namespace OssecSharp.Core.Tests.Crypto;

public sealed class SecureMessageCodecVectorTests
{
    private readonly byte[] _buffer = new byte[SecureMessageCodec.MaxDatagramLength];

    public static IEnumerable<object[]> Names => CryptoVectors.MessageNames();

    [Theory]
    [MemberData(nameof(Names))]
    public void Key_of_the_vector_derives_as_recorded(string name)
    {
        var v = CryptoVectors.Message(name);
        KeyFor(v).Value.Should().Be(v.DerivedKey);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Recorded_compressed_bytes_encrypt_to_the_recorded_datagram(string name)
    {
        var v = CryptoVectors.Message(name);
        if (v.Compressed is null || v.Wire is null || !v.Ok)
        {
            return; // captured traffic: only the decode direction is recorded
        }

        using var cipher = new AgentCipher(KeyFor(v));
        var header = HeaderFor(v);
        var buffer = new byte[SecureMessageCodec.MaxDatagramLength];
        SecureMessageCodec.TryEncodeCompressed(cipher, v.Compressed, header, buffer, out var written).Should().BeTrue();
        Convert.ToHexStringLower(buffer.AsSpan(0, written)).Should().Be(Convert.ToHexStringLower(v.Wire));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Recorded_datagram_decodes_to_the_recorded_plaintext_and_counters(string name)
    {
        var v = CryptoVectors.Message(name);
        if (v.Wire is null || !v.Ok)
        {
            return;
        }

        using var cipher = new AgentCipher(KeyFor(v));
        var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
        var status = SecureMessageCodec.TryDecode(v.Wire, cipher, work, out var message);

        status.Should().Be(DecodeStatus.Ok);
        Convert.ToHexStringLower(message.Payload).Should().Be(Convert.ToHexStringLower(v.Plaintext));
        message.Method.Should().Be(v.Method);
        message.Global.Should().Be(v.Global!.Value);
        message.Local.Should().Be(v.Local!.Value);
        message.Random.Should().Be((ushort)v.Random!.Value);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Our_own_compression_round_trips_with_the_vector_parameters(string name)
    {
        var v = CryptoVectors.Message(name);
        using var cipher = new AgentCipher(KeyFor(v));
        var header = HeaderFor(v) with { Iv = v.Iv ?? new byte[16] };
        var buffer = new byte[SecureMessageCodec.MaxDatagramLength];

        var encoded = SecureMessageCodec.TryEncode(cipher, v.Plaintext, header, buffer, out var written);

        encoded.Should().Be(v.Ok, "OSSEC refuses payloads outside 1..6016 bytes");
        if (!encoded)
        {
            return;
        }

        var prefix = (header.AgentId is null ? string.Empty : $"!{header.AgentId}!") + (v.Method == CryptoMethod.Aes ? "#AES:" : ":");
        System.Text.Encoding.ASCII.GetString(buffer, 0, prefix.Length).Should().Be(prefix);
        var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
        SecureMessageCodec.TryDecode(buffer.AsSpan(0, written), cipher, work, out var message).Should().Be(DecodeStatus.Ok);
        message.Payload.ToArray().Should().Equal(v.Plaintext);
        message.Global.Should().Be(header.Global);
        message.Local.Should().Be(header.Local);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void With_stock_system_zlib_the_whole_pipeline_reproduces_the_recorded_datagram(string name)
    {
        var v = CryptoVectors.Message(name);
        // Only stock zlib's level-9 deflate is byte-identical to OSSEC's (zlib-ng and ZLibStream differ, validly).
        if (!SystemZlib.IsAvailable || SystemZlib.Version is not { } version || version.Contains("ng", StringComparison.Ordinal)
            || !v.Ok || v.Wire is null || v.Random is null)
        {
            return;
        }

        using var cipher = new AgentCipher(KeyFor(v));
        SecureMessageCodec.TryEncode(cipher, v.Plaintext, HeaderFor(v) with { Global = v.Global!.Value, Local = v.Local!.Value },
            _buffer, out var written).Should().BeTrue();
        Convert.ToHexStringLower(_buffer.AsSpan(0, written)).Should().Be(Convert.ToHexStringLower(v.Wire));

        // The sender's reused zlib stream and MD5 context (agentd) give the same bytes, twice in a row.
        using var encoder = new SecureMessageEncoder();
        for (var i = 0; i < 2; i++)
        {
            encoder.TryEncode(cipher, v.Plaintext, HeaderFor(v) with { Global = v.Global!.Value, Local = v.Local!.Value },
                _buffer, out written).Should().BeTrue();
            Convert.ToHexStringLower(_buffer.AsSpan(0, written)).Should().Be(Convert.ToHexStringLower(v.Wire));
        }
    }

    internal static DerivedKey KeyFor(MessageVector v)
    {
        // The key is everything after the third space of the client.keys line (a CRLF line keeps its '\r').
        var fields = v.ClientKeysLine.Split(' ', 4);
        return DerivedKey.Compute(fields[0], fields[1], fields[3]);
    }

    private static SecureMessageHeader HeaderFor(MessageVector v)
    {
        string? id = null;
        if (v.CleartextPrefix is { } p && p.StartsWith('!'))
        {
            id = p[1..p.IndexOf('!', 1)];
        }
        else if (v.CleartextPrefix is null && v.Wire is { Length: > 0 } w && w[0] == (byte)'!')
        {
            id = v.AgentId;
        }

        return new SecureMessageHeader(
            v.Method, v.Global ?? 1, v.Local ?? 1, (ushort)(v.Random ?? 0), v.Iv ?? Array.Empty<byte>(), id);
    }
}
