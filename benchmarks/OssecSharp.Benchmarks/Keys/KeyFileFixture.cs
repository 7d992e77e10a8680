using System.Globalization;
using System.Text;

namespace OssecSharp.Benchmarks.Keys;

/// <summary>Writes synthetic client.keys files for the benchmarks.</summary>
internal static class KeyFileFixture
{
    public const string Key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>Agent i: id %03d of i, name agent-i, ip 10.x.y.z (every third agent <c>any</c>).</summary>
    public static string Text(int agents)
    {
        var builder = new StringBuilder(agents * 100);
        for (var i = 1; i <= agents; i++)
        {
            builder.Append(i.ToString("D3", CultureInfo.InvariantCulture)).Append(" agent-").Append(i).Append(' ')
                .Append(i % 3 == 0 ? "any" : IpOf(i)).Append(' ').Append(Key).Append('\n');
        }

        return builder.ToString();
    }

    public static string IpOf(int i) => $"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}";

    public static string NewTempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ossecsharp-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
