using System.Security.Cryptography;
using OssecSharp.Core.Crypto;

namespace OssecSharp.Core.Tests.Crypto;

public sealed class OpenSslMd5Tests
{
    [Fact]
    public void The_low_level_openssl_md5_gives_the_hashes_of_md5_hashdata()
    {
        OpenSslMd5.IsAvailable.Should().Be(OperatingSystem.IsLinux(), "libcrypto.so.3 is the library .NET uses on Linux");
        if (!OpenSslMd5.IsAvailable)
        {
            return;
        }

        var random = new Random(15);
        foreach (var length in new[] { 0, 1, 55, 56, 63, 64, 65, 143, 209, 6144, 65535 })
        {
            var data = new byte[length];
            random.NextBytes(data);
            var hash = new byte[OpenSslMd5.HashLength];

            OpenSslMd5.TryHash(data, hash).Should().BeTrue();

            hash.Should().Equal(MD5.HashData(data), $"{length} bytes");
        }
    }
}
