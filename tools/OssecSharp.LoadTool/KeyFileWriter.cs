using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OssecSharp.LoadTool;

/// <summary>Writes a client.keys with many agents for a load test (test installs only).</summary>
internal static class KeyFileWriter
{
    public static string Write(string home, int count, string ipField)
    {
        var path = Path.Combine(home, "etc", "client.keys");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = new StringBuilder(count * 96);
        for (var i = 1; i <= count; i++)
        {
            var id = i.ToString("D3", CultureInfo.InvariantCulture);
            text.Append(id).Append(" load-").Append(id).Append(' ').Append(ipField).Append(' ')
                .Append(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))).Append('\n');
        }

        var temp = path + ".loadtool.tmp";
        File.WriteAllText(temp, text.ToString());
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
