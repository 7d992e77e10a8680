using System.Text;

namespace OssecSharp.IntegrationTests.Fuzz;

/// <summary>
/// Seeded mutations of sample inputs (bit flips, interesting bytes, inserts, deletes, truncation, repeats, splices,
/// pure noise): the same seed gives the same inputs, so a failure can be replayed with its seed.
/// </summary>
internal sealed class Mutator
{
    private static readonly byte[] s_interesting = [0, 0xff, 0x7f, 0x80, (byte)'\n', (byte)'\r', (byte)'!', (byte)':', (byte)'\'',
        (byte)' ', (byte)'#', (byte)'/', (byte)'.', (byte)'0', (byte)'9', 0x1b, (byte)'%', (byte)'{', (byte)'\\'];

    private readonly Random _random;
    private readonly byte[][] _corpus;

    public Mutator(int seed, IEnumerable<byte[]> corpus)
    {
        _random = new Random(seed);
        _corpus = [.. corpus];
    }

    public Mutator(int seed, IEnumerable<string> corpus)
        : this(seed, corpus.Select(Encoding.UTF8.GetBytes))
    {
    }

    public Random Random => _random;

    /// <summary>One input: a sample with one to four mutations, or (rarely) noise.</summary>
    public byte[] Next(int maxLength = 8192)
    {
        if (_random.Next(20) == 0)
        {
            var noise = new byte[_random.Next(0, Math.Min(maxLength, 2048) + 1)];
            _random.NextBytes(noise);
            return noise;
        }

        var data = new List<byte>(_corpus[_random.Next(_corpus.Length)]);
        var rounds = 1 + _random.Next(4);
        for (var i = 0; i < rounds; i++)
        {
            Mutate(data);
        }

        return data.Count > maxLength ? [.. data.Take(maxLength)] : [.. data];
    }

    /// <summary>As <see cref="Next"/>, as text (invalid UTF-8 becomes U+FFFD; NULs are kept).</summary>
    public string NextText(int maxLength = 8192) => Encoding.UTF8.GetString(Next(maxLength));

    private void Mutate(List<byte> data)
    {
        var at = data.Count == 0 ? 0 : _random.Next(data.Count);
        switch (_random.Next(9))
        {
            case 0 when data.Count > 0:
                data[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[at] = s_interesting[_random.Next(s_interesting.Length)];
                break;
            case 2:
                data.Insert(at, s_interesting[_random.Next(s_interesting.Length)]);
                break;
            case 3 when data.Count > 0:
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(16)));
                break;
            case 4:
                data.RemoveRange(at, data.Count - at);
                break;
            case 5 when data.Count > 0:
                var chunk = data.Skip(at).Take(1 + _random.Next(64)).ToArray();
                var times = 1 + _random.Next(_random.Next(2) == 0 ? 4 : 200);
                for (var i = 0; i < times; i++)
                {
                    data.InsertRange(at, chunk);
                }

                break;
            case 6:
                var other = _corpus[_random.Next(_corpus.Length)];
                var from = other.Length == 0 ? 0 : _random.Next(other.Length);
                data.InsertRange(at, other.Skip(from));
                break;
            case 7:
                var digits = Encoding.ASCII.GetBytes(new string('9', 1 + _random.Next(_random.Next(2) == 0 ? 12 : 5000)));
                data.InsertRange(at, digits);
                break;
            default:
                var random = new byte[1 + _random.Next(32)];
                _random.NextBytes(random);
                data.InsertRange(at, random);
                break;
        }
    }
}
