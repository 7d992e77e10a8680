using System.IO.Compression;
using System.Security.Cryptography;
using OssecSharp.Core.Layout;
using OssecSharp.Core.Rotation;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Rotation;

/// <summary>An install folder with logs/archives, its two daily families, and helpers to read what rotation left.</summary>
internal sealed class RotationTestInstall : IDisposable
{
    private readonly TempFolder _folder = new("ossec-rotation-");

    public RotationTestInstall()
    {
        Paths = new OssecPaths(_folder.Path);
        Directory.CreateDirectory(Paths.ArchivesDir);
        Log = DailyLogFamily.ArchivesLog(Paths);
        Json = DailyLogFamily.ArchivesJson(Paths);
    }

    public OssecPaths Paths { get; }

    public DailyLogFamily Log { get; }

    public DailyLogFamily Json { get; }

    public string Home => Paths.Home;

    /// <summary>The lines of a day, whether it is still plain or already gzipped.</summary>
    public static string[] DayLines(string dayFile)
    {
        if (File.Exists(dayFile))
        {
            return File.ReadAllLines(dayFile);
        }

        if (!File.Exists(dayFile + ".gz"))
        {
            return [];
        }

        return Decompress(dayFile + ".gz").Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static string Decompress(string gz)
    {
        using var stream = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static byte[] DecompressBytes(string gz)
    {
        using var stream = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    public static string Md5(byte[] data) => Convert.ToHexStringLower(MD5.HashData(data));

    public static string Sha1(byte[] data) => Convert.ToHexStringLower(SHA1.HashData(data));

    public void Dispose() => _folder.Dispose();
}
