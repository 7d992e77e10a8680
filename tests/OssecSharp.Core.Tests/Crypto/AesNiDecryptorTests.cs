using System.Security.Cryptography;
using OssecSharp.Core.Crypto;

namespace OssecSharp.Core.Tests.Crypto;

public sealed class AesNiDecryptorTests
{
    [Fact]
    public void The_processor_path_decrypts_what_openssl_encrypted_for_random_keys_ivs_and_lengths()
    {
        if (!AesNiDecryptor.IsSupported)
        {
            return; // no AES instructions: AgentCipher keeps OpenSSL, which the codec vectors cover
        }

        var random = new Random(15);
        for (var run = 0; run < 200; run++)
        {
            var key = new byte[32];
            var iv = new byte[16];
            var plain = new byte[16 * random.Next(1, 70)];
            random.NextBytes(key);
            random.NextBytes(iv);
            random.NextBytes(plain);
            using var aes = Aes.Create();
            aes.Key = key;
            var cipher = aes.EncryptCbc(plain, iv, PaddingMode.None);

            var decrypted = new byte[cipher.Length + 5];
            new AesNiDecryptor(key).DecryptCbc(cipher, iv, decrypted);

            decrypted[..plain.Length].Should().Equal(plain, $"run {run}, {plain.Length} bytes");
        }
    }
}
