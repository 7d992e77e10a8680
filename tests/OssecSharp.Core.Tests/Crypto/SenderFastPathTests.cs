using System.Security.Cryptography;
using OssecSharp.Core.Crypto;

namespace OssecSharp.Core.Tests.Crypto;

/// <summary>The sender's reused state (deflate stream, ECB-chained AES) gives the bytes of the one-shot paths.</summary>
public sealed class SenderFastPathTests
{
    private static readonly DerivedKey s_key =
        DerivedKey.Compute("001", "web01", "5a2f0d0c1e6b4f3a9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b");

    [Fact]
    public void Aes_encryption_matches_the_one_shot_cbc_for_every_padding_length()
    {
        using var cipher = new AgentCipher(s_key);
        using var reference = Aes.Create();
        reference.Key = s_key.AesKey.ToArray();
        var destination = new byte[300];
        for (var length = 0; length <= 70; length++)
        {
            var plain = RandomNumberGenerator.GetBytes(length);
            var iv = RandomNumberGenerator.GetBytes(AgentCipher.AesBlockSize);
            var written = cipher.AesEncrypt(plain, iv, destination);

            var expected = reference.EncryptCbc(plain, iv, PaddingMode.PKCS7);
            destination.AsSpan(0, written).ToArray().Should().Equal(expected, "length {0}", length);
            cipher.TryAesDecrypt(destination.AsSpan(0, written), iv, new byte[written], out var back).Should().BeTrue();
            back.Should().Be(length);
        }
    }

    [Fact]
    public void Aes_encryption_refuses_a_short_iv_or_destination()
    {
        using var cipher = new AgentCipher(s_key);
        var act = () => cipher.AesEncrypt(new byte[20], new byte[8], new byte[64]);
        act.Should().Throw<ArgumentException>();
        var small = () => cipher.AesEncrypt(new byte[20], new byte[16], new byte[16]);
        small.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_reused_deflater_writes_the_bytes_of_compress2_message_after_message()
    {
        using var deflater = new MessageDeflater();
        var messages = new[]
        {
            System.Text.Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef12345000000000100:0001:1:/var/log/x:hello"),
            RandomNumberGenerator.GetBytes(6000),
            System.Text.Encoding.ASCII.GetBytes(new string('a', 4000)),
            [0x41],
        };
        foreach (var message in messages)
        {
            var reused = new byte[MessageCompression.MaxCompressedLength(message.Length) + 8];
            var oneShot = new byte[reused.Length];
            var n = deflater.Compress(message, reused, 8);
            var m = MessageCompression.Compress(message, oneShot, 8);
            reused.AsSpan(8, n).ToArray().Should().Equal(oneShot.AsSpan(8, m).ToArray());

            var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
            MessageCompression.TryDecompressManaged(reused, 8, n, work, 6144, out var inflated).Should().Be(DecodeStatus.Ok);
            work.AsSpan(0, inflated).ToArray().Should().Equal(message);
        }
    }

    [Fact]
    public void The_reusing_encoder_gives_the_datagram_of_the_static_encoder_every_time()
    {
        using var cipher = new AgentCipher(s_key);
        using var encoder = new SecureMessageEncoder();
        var payload = System.Text.Encoding.ASCII.GetBytes("1:/var/log/auth.log:Nov 22 10:15:42 web-01 sshd[4242]: Accepted publickey");
        foreach (var method in new[] { CryptoMethod.Aes, CryptoMethod.Blowfish })
        {
            var header = new SecureMessageHeader(method, 3, 42, 12345, new byte[16], "001");
            var a = new byte[SecureMessageCodec.MaxDatagramLength];
            var b = new byte[SecureMessageCodec.MaxDatagramLength];
            SecureMessageCodec.TryEncode(cipher, payload, header, a, out var n).Should().BeTrue();
            for (var i = 0; i < 3; i++)
            {
                encoder.TryEncode(cipher, payload, header, b, out var m).Should().BeTrue();
                b.AsSpan(0, m).ToArray().Should().Equal(a.AsSpan(0, n).ToArray());
            }
        }
    }

    [Fact]
    public void A_disposed_deflater_refuses_work()
    {
        var deflater = new MessageDeflater();
        deflater.Dispose();
        var act = () => deflater.Compress([1, 2, 3], new byte[128], 0);
        act.Should().Throw<ObjectDisposedException>();
    }
}
