using System.IO.Compression;
using OssecSharp.Core.Crypto;

namespace OssecSharp.Core.Tests.Crypto;

public sealed class MessageCompressionTests
{
    public static TheoryData<string, byte[], DecodeStatus> Cases()
    {
        var data = new TheoryData<string, byte[], DecodeStatus>();
        var ok = Zlib(new byte[100]);
        data.Add("valid", ok, DecodeStatus.Ok);
        data.Add("trailing garbage ignored", ok.Concat(new byte[] { 1, 2, 3 }).ToArray(), DecodeStatus.Ok);
        data.Add("bomb", Zlib(new byte[50_000]), DecodeStatus.TooLarge);
        data.Add("exactly one byte too many", Zlib(new byte[6145]), DecodeStatus.TooLarge);
        data.Add("exactly the limit", Zlib(new byte[6144]), DecodeStatus.Ok);
        data.Add("garbage", [0x78, 0xda, 0xff, 0xff, 0xff, 0x00, 0x11], DecodeStatus.DecompressFailed);
        data.Add("not zlib", "hello world"u8.ToArray(), DecodeStatus.DecompressFailed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Native_and_managed_inflate_agree(string name, byte[] input, DecodeStatus expected)
    {
        var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
        MessageCompression.TryDecompressManaged(input, 0, input.Length, work, 6144, out var managedLength).Should().Be(expected, name);
        MessageCompression.TryDecompress(input, 0, input.Length, work, 6144, out var length).Should().Be(expected, name);
        if (expected == DecodeStatus.Ok)
        {
            length.Should().Be(managedLength);
        }
    }

    [Fact]
    public void Truncated_streams_never_decode_to_the_full_message()
    {
        var input = Zlib(System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 200).Select(i => i.ToString()))));
        var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
        MessageCompression.TryDecompress(input, 0, input.Length, work, 6144, out var full).Should().Be(DecodeStatus.Ok);
        for (var cut = 0; cut < input.Length - 4; cut++)
        {
            var status = MessageCompression.TryDecompress(input, 0, cut, work, 6144, out var length);
            (status != DecodeStatus.Ok || length < full).Should().BeTrue($"cut at {cut}");
            _ = MessageCompression.TryDecompressManaged(input, 0, cut, work, 6144, out _);
        }
    }

    [Fact]
    public void Both_compressors_produce_streams_both_inflaters_read()
    {
        var source = System.Text.Encoding.ASCII.GetBytes(new string('q', 3000) + "tail");
        var buffer = new byte[MessageCompression.MaxCompressedLength(source.Length)];
        var work = new byte[SecureMessageCodec.DecodeWorkBufferLength];
        foreach (var length in new[] { MessageCompression.Compress(source, buffer, 0), MessageCompression.CompressManaged(source, buffer, 0) })
        {
            buffer[0].Should().Be(0x78);
            MessageCompression.TryDecompressManaged(buffer, 0, length, work, 6144, out var n).Should().Be(DecodeStatus.Ok);
            work.AsSpan(0, n).ToArray().Should().Equal(source);
        }
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
