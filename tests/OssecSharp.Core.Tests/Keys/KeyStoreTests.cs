using OssecSharp.Core.Keys;
using OssecSharp.Core.Layout;
using System.Runtime.Versioning;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Keys;

[UnsupportedOSPlatform("windows")]
public sealed class KeyStoreTests : IDisposable
{
    private const string K = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly TestInstall _install = new();

    private KeyStore Store => KeyStore.ForInstall(new OssecPaths(_install.Home));

    private string KeysPath => _install.PathOf("etc", "client.keys");

    public void Dispose() => _install.Dispose();

    [Fact]
    public void Add_allocates_manage_agents_ids_and_writes_the_line()
    {
        var first = Store.Add(new KeyAddRequest("web01", "any", Key: K));
        var second = Store.Add(new KeyAddRequest("web02", "10.0.0.2"));

        first.Entry!.Id.Should().Be("001");
        second.Entry!.Id.Should().Be("002");
        var lines = File.ReadAllLines(KeysPath);
        lines[0].Should().Be($"001 web01 any {K}");
        lines[1].Should().MatchRegex("^002 web02 10.0.0.2 [0-9a-f]{64}$");
        File.GetUnixFileMode(KeysPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
    }

    [Fact]
    public void Duplicates_are_refused_with_a_reason()
    {
        Store.Add(new KeyAddRequest("web01", "10.0.0.1", Key: K)).Succeeded.Should().BeTrue();
        Store.Add(new KeyAddRequest("net", "10.9.0.0/16", Key: K)).Succeeded.Should().BeTrue();

        Store.Add(new KeyAddRequest("web01", "any")).Error.Should().Be(KeyValidationError.DuplicateName);
        var dupIp = Store.Add(new KeyAddRequest("web02", "10.0.0.1"));
        dupIp.Error.Should().Be(KeyValidationError.DuplicateIp);
        dupIp.Conflict!.Id.Should().Be("001");
        Store.Add(new KeyAddRequest("web03", "any", Id: "001")).Error.Should().Be(KeyValidationError.DuplicateId);
        Store.Add(new KeyAddRequest("w", "any")).Error.Should().Be(KeyValidationError.InvalidName);
        Store.Add(new KeyAddRequest("web04", "10.0.0.0/255.0.0.0")).Error.Should().Be(KeyValidationError.InvalidIp);
        Store.Add(new KeyAddRequest("web05", "any", Id: "12345678x")).Error.Should().Be(KeyValidationError.InvalidId);

        // any and CIDR forms never count as duplicate ips.
        Store.Add(new KeyAddRequest("web06", "any")).Succeeded.Should().BeTrue();
        Store.Add(new KeyAddRequest("web07", "any")).Succeeded.Should().BeTrue();
        Store.Add(new KeyAddRequest("web08", "10.9.0.0/16")).Succeeded.Should().BeTrue();
        Store.Load().Count.Should().Be(5);
    }

    [Fact]
    public void Remove_writes_a_marker_without_key_material_and_keeps_the_id_used()
    {
        File.WriteAllText(KeysPath, $"# keep me\n001 a1 any {K}\n002 a2 any {K}\n");

        Store.Remove("001").Should().Be(KeyValidationError.None);
        Store.Remove("001").Should().Be(KeyValidationError.NotFound);

        // OSSEC's 21-byte marker over the start of the old name, in place: the line keeps its length and its tail.
        File.ReadAllText(KeysPath).Should().Be($"# keep me\n{RemovedKeyLine.Of($"001 a1 any {K}")}\n002 a2 any {K}\n");
        var table = Store.Load();
        table.Entries.Select(e => e.Id).Should().Equal("002");
        Store.Add(new KeyAddRequest("a1", "any")).Entry!.Id.Should().Be("003", "removed ids are never reused");
    }

    [Fact]
    public void Bulk_add_is_one_append_and_skips_bad_requests()
    {
        var results = Store.AddRange(
        [
            new KeyAddRequest("bulk01", "10.2.2.2", CheckDuplicateIp: false),
            new KeyAddRequest("bulk03", "badip"),
            new KeyAddRequest("bulk02", "10.2.2.2", CheckDuplicateIp: false),
            new KeyAddRequest("bulk01", "10.2.2.4"),
        ]);

        results.Select(r => r.Error).Should().Equal(
            KeyValidationError.None, KeyValidationError.InvalidIp, KeyValidationError.None, KeyValidationError.DuplicateName);
        results.Where(r => r.Succeeded).Select(r => r.Entry!.Id).Should().Equal("001", "002");
        Store.Load().Count.Should().Be(2);
    }

    [Fact]
    public void Authd_transaction_renames_duplicates_and_allocates_from_1024()
    {
        File.WriteAllText(KeysPath, $"001 web01 any {K}\n");
        var entry = Store.Update(tx =>
        {
            var name = tx.FindFreeAuthdName("web01")!;
            return tx.Add(new KeyAddRequest(name, "any", Policy: KeyIdPolicy.Authd)).Entry;
        });
        entry!.Id.Should().Be("1024");
        entry.Name.Should().Be("web012");
        Store.Update(tx => tx.FindFreeAuthdName("web01")).Should().Be("web013");
    }

    [Fact]
    public void Existing_file_mode_is_kept()
    {
        File.WriteAllText(KeysPath, $"001 a1 any {K}\n");
        File.SetUnixFileMode(KeysPath, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        Store.Add(new KeyAddRequest("a2", "any")).Succeeded.Should().BeTrue();
        File.GetUnixFileMode(KeysPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.GroupRead);
    }

    [Fact]
    public void Changes_keep_the_inode_and_create_nothing_next_to_client_keys()
    {
        File.WriteAllText(KeysPath, $"001 a1 any {K}\n");
        var inode = Store.GetStamp().Inode;
        var before = Directory.GetFiles(Path.GetDirectoryName(KeysPath)!).Order().ToList();

        Store.Add(new KeyAddRequest("a2", "any")).Succeeded.Should().BeTrue();
        Store.Remove("001").Should().Be(KeyValidationError.None);
        Store.AddRange([new KeyAddRequest("a3", "any"), new KeyAddRequest("a4", "any")]);

        Store.GetStamp().Inode.Should().Be(inode, "a daemon account cannot rename anything in etc/");
        Directory.GetFiles(Path.GetDirectoryName(KeysPath)!).Order().Should().Equal(before);
        Store.Load().Entries.Select(e => e.Id).Should().Equal("002", "003", "004");
    }

    [Fact]
    public async Task Lock_held_elsewhere_times_out_with_a_clear_error()
    {
        File.WriteAllText(KeysPath, string.Empty);
        var holder = new KeyStore(KeysPath);
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holding = Task.Run(() => holder.Update(_ =>
        {
            entered.Set();
            return release.Wait(TimeSpan.FromSeconds(30));
        }));
        entered.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue();

        var store = new KeyStore(KeysPath, lockTimeout: TimeSpan.FromMilliseconds(200));
        var act = () => store.Add(new KeyAddRequest("a1", "any"));
        act.Should().Throw<KeyStoreLockTimeoutException>().WithMessage("*client.keys*");

        release.Set();
        (await holding.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
        store.Add(new KeyAddRequest("a1", "any")).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Watcher_sees_each_change()
    {
        var watcher = new KeyFileWatcher(Store);
        watcher.Current.Count.Should().Be(0);
        watcher.HasChanged().Should().BeFalse();
        watcher.ReloadIfChanged().Should().BeNull();

        Store.Add(new KeyAddRequest("a1", "any"));
        watcher.HasChanged().Should().BeTrue();
        watcher.ReloadIfChanged()!.Count.Should().Be(1);

        // Same size, same second: OSSEC's 1 s mtime would miss this; the stamp does not.
        Store.Remove("001");
        watcher.ReloadIfChanged()!.Count.Should().Be(0);
        watcher.HasChanged().Should().BeFalse();
    }
}
