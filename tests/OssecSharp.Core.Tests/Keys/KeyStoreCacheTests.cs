using System.Diagnostics;
using System.Runtime.Versioning;
using OssecSharp.Core.Keys;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Keys;

/// <summary>
/// The store caches the bytes and table of the file it last read or wrote, keyed by the file's stamp. These tests
/// change the file behind one store's back (another store, another process, an in-place edit) and check that the
/// next transaction sees the change and keeps it.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class KeyStoreCacheTests : IDisposable
{
    private const string K = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly DateTime s_tick = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private readonly TempFolder _folder = new("keys-cache-");

    private string KeysPath => _folder.Combine("client.keys");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_change_by_another_store_between_two_transactions_is_seen_and_kept()
    {
        var mine = new KeyStore(KeysPath);
        var other = new KeyStore(KeysPath);
        mine.Add(new KeyAddRequest("mine01", "any", Key: K)).Succeeded.Should().BeTrue();
        other.Add(new KeyAddRequest("other01", "any", Key: K)).Succeeded.Should().BeTrue();

        var result = mine.Add(new KeyAddRequest("mine02", "any", Key: K));

        result.Entry!.Id.Should().Be("003", "the id of other01 must be seen as used");
        File.ReadAllText(KeysPath).Should().Be($"001 mine01 any {K}\n002 other01 any {K}\n003 mine02 any {K}\n");
        mine.Load().Entries.Select(e => e.Name).Should().Equal("mine01", "other01", "mine02");
    }

    [Fact]
    public async Task A_change_by_another_process_between_two_transactions_is_seen_and_kept()
    {
        var store = new KeyStore(KeysPath);
        store.Add(new KeyAddRequest("first", "any", Key: K)).Succeeded.Should().BeTrue();

        // Same protocol as every writer: the lock file, a temp file, a rename.
        var psi = new ProcessStartInfo("/bin/sh")
        {
            ArgumentList = { "-c", "cp \"$F\" \"$F.x\" && echo \"777 outsider any $K\" >> \"$F.x\" && mv \"$F.x\" \"$F\"" },
            Environment = { ["F"] = KeysPath, ["K"] = K },
        };
        using (var process = Process.Start(psi)!)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
            process.ExitCode.Should().Be(0);
        }

        store.Add(new KeyAddRequest("outsider", "any", Key: K)).Error.Should().Be(KeyValidationError.DuplicateName);
        store.Add(new KeyAddRequest("second", "any", Key: K)).Entry!.Id.Should().Be("778");
        File.ReadAllLines(KeysPath).Should().Equal($"001 first any {K}", $"777 outsider any {K}", $"778 second any {K}");
    }

    [Fact]
    public void An_in_place_edit_with_the_same_mtime_but_another_size_is_seen()
    {
        File.WriteAllText(KeysPath, $"001 a1 any {K}\n");
        File.SetLastWriteTimeUtc(KeysPath, s_tick);
        var store = new KeyStore(KeysPath);
        store.Load().Count.Should().Be(1);

        File.WriteAllText(KeysPath, $"001 a1 any {K}\n002 a2 any {K}\n");
        File.SetLastWriteTimeUtc(KeysPath, s_tick);

        store.Load().Entries.Select(e => e.Id).Should().Equal("001", "002");
        store.Remove("002").Should().Be(KeyValidationError.None);
        File.ReadAllText(KeysPath).Should().Be($"001 a1 any {K}\n{RemovedKeyLine.Of($"002 a2 any {K}")}\n");
    }

    [Fact]
    public void A_replacement_with_the_same_size_and_mtime_but_another_inode_is_seen()
    {
        File.WriteAllText(KeysPath, $"001 a1 any {K}\n");
        File.SetLastWriteTimeUtc(KeysPath, s_tick);
        var store = new KeyStore(KeysPath);
        var before = store.GetStamp();
        store.Load().FindByName("a1").Should().NotBeNull();

        var tmp = KeysPath + ".other";
        File.WriteAllText(tmp, $"001 b1 any {K}\n");
        File.SetLastWriteTimeUtc(tmp, s_tick);
        File.Move(tmp, KeysPath, overwrite: true);

        var after = store.GetStamp();
        after.Length.Should().Be(before.Length);
        after.LastWriteTicks.Should().Be(before.LastWriteTicks);
        after.Inode.Should().NotBe(before.Inode);
        store.Load().FindByName("b1").Should().NotBeNull();
        store.Add(new KeyAddRequest("b1", "any", Key: K)).Error.Should().Be(KeyValidationError.DuplicateName);
    }

    [Fact]
    public void Cached_appends_give_the_same_table_and_bytes_as_a_fresh_read()
    {
        File.WriteAllText(KeysPath, $"# header\n001 a1 10.0.0.1 {K}\n002 a2 any {K}"); // no final newline
        var store = new KeyStore(KeysPath);
        store.Add(new KeyAddRequest("a3", "10.0.0.3", Key: K)).Succeeded.Should().BeTrue();
        store.AddRange([new KeyAddRequest("a4", "any", Key: K), new KeyAddRequest("a5", "10.1.0.0/16", Key: K)]);

        // Lines appended from the cache must be removable in place later on.
        store.Remove("003").Should().Be(KeyValidationError.None);
        store.Update(tx => tx.Add(new KeyAddRequest("a6", "any", Key: K, Policy: KeyIdPolicy.Authd))).Entry!.Id.Should().Be("1024");

        File.ReadAllText(KeysPath).Should().Be(
            $"# header\n001 a1 10.0.0.1 {K}\n002 a2 any {K}\n{RemovedKeyLine.Of($"003 a3 10.0.0.3 {K}")}\n004 a4 any {K}\n005 a5 10.1.0.0/16 {K}\n1024 a6 any {K}\n");
        var cached = store.Load();
        var fresh = new KeyStore(KeysPath).Load();
        cached.Entries.Select(Describe).Should().Equal(fresh.Entries.Select(Describe));
        cached.NextManageAgentsId().Should().Be(fresh.NextManageAgentsId()).And.Be("1025", "1024 is also a %03d id");
        cached.NextAuthdId().Should().Be("1025");
    }

    [Fact]
    public void An_unchanged_file_is_not_read_again()
    {
        File.WriteAllText(KeysPath, $"001 a1 any {K}\n");
        var store = new KeyStore(KeysPath);
        var first = store.Load();
        store.Load().Should().BeSameAs(first);

        store.Add(new KeyAddRequest("a2", "any", Key: K));
        var afterAdd = store.Load();
        afterAdd.Should().NotBeSameAs(first);
        store.Load().Should().BeSameAs(afterAdd, "the store's own write is cached with the new file's stamp");
        first.Count.Should().Be(1, "snapshots handed out are never changed");
    }

    private static string Describe(KeyEntry e) => $"{e.LineNumber}:{e.Id} {e.Name} {e.IpField} {e.Key}";
}
