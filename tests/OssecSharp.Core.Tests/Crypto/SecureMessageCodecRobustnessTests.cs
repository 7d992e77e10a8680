using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using OssecSharp.Core.Crypto;

namespace OssecSharp.Core.Tests.Crypto;

public sealed class SecureMessageCodecRobustnessTests
{
    private static readonly DerivedKey s_key = DerivedKey.Compute("1024", "agent1", "43925f725c618b5a948d52ec4d4d41992291939f53d7eea4ccda00d0e5cb5cf8");

    [Fact]
    public void Every_truncation_bit_flip_and_wrong_key_of_every_vector_gives_a_status_not_an_exception()
    {
        var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
        using var wrong = new AgentCipher(DerivedKey.Compute("999", "nobody", "not-the-key"));
        var decoded = 0;
        foreach (var v in CryptoVectors.Messages.Where(v => v.Wire is not null && v.Ok))
        {
            using var cipher = new AgentCipher(SecureMessageCodecVectorTests.KeyFor(v));
            for (var length = 0; length < v.Wire!.Length; length++)
            {
                var status = SecureMessageCodec.TryDecode(v.Wire.AsSpan(0, length), cipher, work, out _);
                status.Should().NotBe(DecodeStatus.Ok, $"{v.Name} cut at {length}");
            }

            var step = Math.Max(1, v.Wire.Length / 64);
            for (var at = 0; at < v.Wire.Length; at += step)
            {
                var flipped = (byte[])v.Wire.Clone();
                flipped[at] ^= (byte)(1 << (at % 8));
                // Must not throw; a flip in the clear prefix or the AES IV/last block may still decode in theory.
                _ = SecureMessageCodec.TryDecode(flipped, cipher, work, out _);
            }

            SecureMessageCodec.TryDecode(v.Wire, wrong, work, out _).Should().NotBe(DecodeStatus.Ok, v.Name);
            decoded++;
        }

        decoded.Should().BeGreaterThan(20);
    }

    [Theory]
    [InlineData("", DecodeStatus.Empty)]
    [InlineData("!", DecodeStatus.BadIdPrefix)]
    [InlineData("!!", DecodeStatus.BadIdPrefix)]
    [InlineData("!1234!", DecodeStatus.BadFormat)]
    [InlineData("!12a4!:", DecodeStatus.BadIdPrefix)]
    [InlineData("!1234", DecodeStatus.BadIdPrefix)]
    [InlineData("#AES", DecodeStatus.BadFormat)]
    [InlineData("#AES:", DecodeStatus.WrongLength)]
    [InlineData(":", DecodeStatus.WrongLength)]
    [InlineData(":1234567", DecodeStatus.WrongLength)]
    [InlineData("x", DecodeStatus.BadFormat)]
    [InlineData(":12345678", DecodeStatus.WrongKey)]
    [InlineData("#AES:0123456789abcdef0123456789abcde", DecodeStatus.WrongLength)]
    public void Short_frames_get_a_status(string datagram, DecodeStatus expected)
    {
        using var cipher = new AgentCipher(s_key);
        var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
        SecureMessageCodec.TryDecode(Encoding.ASCII.GetBytes(datagram), cipher, work, out _).Should().Be(expected);
    }

    [Fact]
    public void Envelope_gives_the_id_and_method_before_decryption()
    {
        SecureEnvelope.TryParse("!1024!#AES:abc"u8, out var env).Should().Be(DecodeStatus.Ok);
        Encoding.ASCII.GetString(env.AgentId).Should().Be("1024");
        env.Method.Should().Be(CryptoMethod.Aes);
        env.Body.ToArray().Should().Equal("abc"u8.ToArray());

        SecureEnvelope.TryParse(":abc"u8, out env).Should().Be(DecodeStatus.Ok);
        env.HasIdPrefix.Should().BeFalse();
        env.Method.Should().Be(CryptoMethod.Blowfish);
    }

    [Theory]
    [InlineData(CryptoMethod.Blowfish)]
    [InlineData(CryptoMethod.Aes)]
    public void A_zlib_bomb_is_cut_at_6144_bytes(CryptoMethod method)
    {
        var inner = new byte[100_000];
        inner.AsSpan().Fill((byte)'A');
        Assert.Equal(DecodeStatus.TooLarge, DecodeCompressed(method, Zlib(inner)));
    }

    [Fact]
    public void A_message_of_exactly_6144_decompressed_bytes_is_accepted()
    {
        var payload = new byte[SecureMessageCodec.MaxMessageLength - 32 - 21];
        payload.AsSpan().Fill((byte)'b');
        var inner = Encoding.ASCII.GetBytes("000010000000001:0001:").Concat(payload).ToArray();
        var full = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(MD5.HashData(inner))).Concat(inner).ToArray();
        DecodeCompressed(CryptoMethod.Aes, Zlib(full)).Should().Be(DecodeStatus.Ok);
        DecodeCompressed(CryptoMethod.Aes, Zlib(full.Append((byte)'b').ToArray())).Should().Be(DecodeStatus.TooLarge);
    }

    [Fact]
    public void Bad_checksum_bad_counters_and_garbage_zlib_are_reported()
    {
        var inner = Encoding.ASCII.GetBytes("000010000000001:0001:hello");
        var md5 = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(MD5.HashData(inner)));
        var badMd5 = (byte[])md5.Clone();
        badMd5[0] = badMd5[0] == (byte)'a' ? (byte)'b' : (byte)'a';
        DecodeCompressed(CryptoMethod.Blowfish, Zlib(badMd5.Concat(inner).ToArray())).Should().Be(DecodeStatus.ChecksumMismatch);

        var badCounter = Encoding.ASCII.GetBytes("000010000000001-0001:hello");
        var full = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(MD5.HashData(badCounter))).Concat(badCounter).ToArray();
        DecodeCompressed(CryptoMethod.Blowfish, Zlib(full)).Should().Be(DecodeStatus.BadCounterFormat);

        DecodeCompressed(CryptoMethod.Blowfish, [0x78, 0xda, 0xff, 0xff, 0xff, 0x00, 0x11]).Should().Be(DecodeStatus.DecompressFailed);
    }

    [Fact]
    public void Encode_refuses_empty_and_oversized_payloads()
    {
        using var cipher = new AgentCipher(s_key);
        var buffer = new byte[SecureMessageCodec.MaxDatagramLength];
        var header = new SecureMessageHeader(CryptoMethod.Blowfish, 0, 1, 1, default, null);
        SecureMessageCodec.TryEncode(cipher, [], header, buffer, out _).Should().BeFalse();
        SecureMessageCodec.TryEncode(cipher, new byte[6017], header, buffer, out _).Should().BeFalse();
        SecureMessageCodec.TryEncode(cipher, new byte[6016], header, buffer, out _).Should().BeTrue();
    }

    [Fact]
    public void Agent_side_override_decrypts_with_the_configured_method()
    {
        using var cipher = new AgentCipher(s_key);
        var header = new SecureMessageHeader(CryptoMethod.Blowfish, 0, 1, 7, default, null);
        var datagram = SecureMessageCodec.Encode(cipher, "#!-agent ack "u8, header);
        var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
        SecureMessageCodec.TryDecode(datagram, cipher, work, out _, CryptoMethod.Aes).Should().NotBe(DecodeStatus.Ok);
        SecureMessageCodec.TryDecode(datagram, cipher, work, out var m, CryptoMethod.Blowfish).Should().Be(DecodeStatus.Ok);
        Encoding.ASCII.GetString(m.Payload).Should().Be("#!-agent ack ");
    }

    private static DecodeStatus DecodeCompressed(CryptoMethod method, byte[] compressed)
    {
        using var cipher = new AgentCipher(s_key);
        var header = new SecureMessageHeader(method, 0, 1, 1, new byte[16], "1024");
        var buffer = new byte[SecureMessageCodec.MaxDatagramLength + compressed.Length];
        SecureMessageCodec.TryEncodeCompressed(cipher, compressed, header, buffer, out var written).Should().BeTrue();
        var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
        return SecureMessageCodec.TryDecode(buffer.AsSpan(0, written), cipher, work, out _);
    }

    private static byte[] Zlib(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.SmallestSize))
        {
            z.Write(data);
        }

        return ms.ToArray();
    }
}
