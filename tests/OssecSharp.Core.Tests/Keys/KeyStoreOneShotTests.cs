using System.Text;
using OssecSharp.Core.Keys;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Keys;

/// <summary>A one-shot store (byte scans instead of a table) must make exactly the changes a normal store makes.</summary>
public sealed class KeyStoreOneShotTests : IDisposable
{
    private const string K = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private const string File0 =
        "# comment\n"
        + $"001 web01 10.0.0.1 {K}\n"
        + "002 #*#*#*#*#*#*#*#*#*#*#\n"
        + $"003 crlf 10.0.0.3 {K}\r\n"
        + $"001 dupid 10.0.0.9 {K}\n"
        + $"0005 padded 10.0.0.5 {K}\n"
        + $"004 badip 999.0.0.1 {K}\n"
        + $"007 last 10.0.0.7 {K}";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("new", "10.0.0.50", null)]
    [InlineData("web01", "10.0.0.50", null)]
    [InlineData("other", "10.0.0.1", null)]
    [InlineData("other", "10.0.0.1/32", null)]
    [InlineData("other", "10.0.0.60", "002")]
    [InlineData("other", "10.0.0.60", "004")]
    [InlineData("other", "10.0.0.60", "5")]
    public void An_add_gives_the_same_result_and_file(string name, string ip, string? id)
    {
        var (normal, oneShot) = Stores();
        var request = new KeyAddRequest(name, ip, id, K);

        var expected = normal.Add(request);
        var actual = oneShot.Add(request);

        (actual.Error, actual.Entry?.ToLine(), actual.Conflict?.ToLine()).Should().Be((expected.Error, expected.Entry?.ToLine(), expected.Conflict?.ToLine()));
        Bytes(oneShot).Should().Equal(Bytes(normal));
    }

    [Theory]
    [InlineData("001")]
    [InlineData("003")]
    [InlineData("007")]
    [InlineData("002")]
    [InlineData("004")]
    [InlineData("5")]
    public void A_remove_then_an_add_in_one_transaction_match(string id)
    {
        var (normal, oneShot) = Stores();
        static (KeyValidationError, string?, string?, string?) Body(KeyTransaction tx, string id) =>
            (tx.Remove(id), tx.FindById(id)?.ToLine(), tx.FindByName("web01")?.ToLine(), tx.Add(new KeyAddRequest("web01", "10.0.0.1", Key: K)).Entry?.ToLine());

        var expected = normal.Update(tx => Body(tx, id));
        var actual = oneShot.Update(tx => Body(tx, id));

        actual.Should().Be(expected);
        Bytes(oneShot).Should().Equal(Bytes(normal));
    }

    private (KeyStore Normal, KeyStore OneShot) Stores()
    {
        Directory.CreateDirectory(_folder.Combine("a"));
        Directory.CreateDirectory(_folder.Combine("b"));
        File.WriteAllBytes(_folder.Combine("a", "client.keys"), Encoding.Latin1.GetBytes(File0));
        File.WriteAllBytes(_folder.Combine("b", "client.keys"), Encoding.Latin1.GetBytes(File0));
        return (new KeyStore(_folder.Combine("a", "client.keys")), new KeyStore(_folder.Combine("b", "client.keys")) { OneShot = true });
    }

    private static byte[] Bytes(KeyStore store) => File.ReadAllBytes(store.FilePath);
}
