using OssecSharp.Core.Crypto;

namespace OssecSharp.Core.Tests.Crypto;

public sealed class MessageInflaterTests
{
    [Fact]
    public void A_reused_inflater_gives_the_one_shot_results_for_good_trailing_truncated_oversized_and_bad_streams()
    {
        var text = new byte[3000];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = (byte)('a' + (i * 7 % 26));
        }

        var compressed = new byte[MessageCompression.MaxCompressedLength(text.Length)];
        var length = MessageCompression.Compress(text, compressed, 0);
        var good = compressed[..length];
        var trailing = good.Concat(new byte[] { 1, 2, 3 }).ToArray();
        var truncated = good[..(length / 2)];
        var garbage = new byte[] { 0x78, 0x9c, 0xff, 0xff, 0x00, 0x12 };
        using var inflater = new MessageInflater();

        foreach (var limit in new[] { 6144, 2999, 3000 })
        {
            foreach (var input in new[] { good, trailing, truncated, garbage, good })
            {
                var expectedBuffer = new byte[6145];
                var actualBuffer = new byte[6145];
                var expected = MessageCompression.TryDecompress(input, 0, input.Length, expectedBuffer, limit, out var expectedLength);
                var actual = inflater.TryDecompress(input, 0, input.Length, actualBuffer, limit, out var actualLength);

                actual.Should().Be(expected, $"limit {limit}, input of {input.Length} bytes");
                if (expected == DecodeStatus.Ok)
                {
                    actualBuffer[..actualLength].Should().Equal(expectedBuffer[..expectedLength]);
                }
            }
        }
    }
}
