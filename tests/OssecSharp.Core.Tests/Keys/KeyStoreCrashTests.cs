using System.Runtime.Versioning;
using OssecSharp.Core.Keys;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Keys;

/// <summary>
/// What a crash or a hand edit can leave in client.keys, and the upgrade from the journal of older versions: a last
/// line without newline is read and never glued to the next append; a leftover journal is folded once.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class KeyStoreCrashTests : IDisposable
{
    private const string K = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly TempFolder _folder = new("keys-crash-");

    private string KeysPath => _folder.Combine("client.keys");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_file_without_final_newline_is_read_and_the_next_append_completes_its_last_line_first()
    {
        File.WriteAllText(KeysPath, $"001 hand any {K}");
        var store = new KeyStore(KeysPath);
        store.Load().FindById("001")!.Key.Should().Be(K);

        store.Add(new KeyAddRequest("next", "any", Key: K)).Entry!.Id.Should().Be("002");

        File.ReadAllText(KeysPath).Should().Be($"001 hand any {K}\n002 next any {K}\n");
        new KeyStore(KeysPath).Load().Entries.Select(e => e.Name).Should().Equal("hand", "next");
    }

    [Fact]
    public void A_torn_last_line_stays_a_line_of_its_own_and_no_acknowledged_agent_is_glued_to_it()
    {
        // A write cut by a power loss: never acknowledged (its fsync did not return), so it may stay as it is.
        File.WriteAllText(KeysPath, $"1024 a any {K}\n1025 torn any 0123");
        var store = new KeyStore(KeysPath);

        var added = store.Update(tx => tx.Add(new KeyAddRequest("bb", "any", Key: K, Policy: KeyIdPolicy.Authd)));

        added.Entry!.Id.Should().Be("1026", "the torn line's id stays used");
        File.ReadAllLines(KeysPath).Should().Equal($"1024 a any {K}", "1025 torn any 0123", $"1026 bb any {K}");
        new KeyStore(KeysPath).Load().FindByName("bb")!.Key.Should().Be(K);
    }

    [Fact]
    public void A_leftover_journal_is_folded_once_then_deleted()
    {
        File.WriteAllText(KeysPath, $"1024 a any {K}\n");
        var store = new KeyStore(KeysPath);
        File.WriteAllText(store.LegacyJournalPath, $"1024 a any {K}\n1025 b any {K}\n1025 again any {K}\n1026 c 10.0.0.3 {K}\n1027 torn an");

        store.FoldLegacyJournal().Should().Be(2);

        File.Exists(store.LegacyJournalPath).Should().BeFalse();
        File.ReadAllLines(KeysPath).Should().Equal($"1024 a any {K}", $"1025 b any {K}", $"1026 c 10.0.0.3 {K}");
        store.FoldLegacyJournal().Should().Be(0);
    }

    [Fact]
    public void A_whole_file_replacement_keeps_the_mode_and_a_writer_holding_the_old_file_follows_it()
    {
        File.WriteAllText(KeysPath, $"001 old any {K}\n");
        File.SetUnixFileMode(KeysPath, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        var other = new KeyStore(KeysPath);
        other.Load().Count.Should().Be(1);
        other.Update(tx => tx.FindById("001")).Should().NotBeNull("the writer now keeps a descriptor of the old file");

        new KeyStore(KeysPath).OverwriteWithSingleEntry($"1030 agent 10.0.0.1 {K}");

        File.ReadAllText(KeysPath).Should().Be($"1030 agent 10.0.0.1 {K}\n");
        File.GetUnixFileMode(KeysPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.GroupRead);
        Directory.GetFiles(_folder.Path).Should().Equal(KeysPath);
        other.Update(tx => tx.Add(new KeyAddRequest("more", "any", Key: K))).Succeeded.Should().BeTrue();
        File.ReadAllLines(KeysPath).Should().Equal($"1030 agent 10.0.0.1 {K}", $"1031 more any {K}");
    }

    [Fact]
    public void A_whole_file_replacement_by_root_keeps_the_owner_and_group_of_the_old_file()
    {
        Interop.Libc.IsRoot.Should().BeTrue("only root gives a new file another account's ownership (CI runs as root)");
        File.WriteAllText(KeysPath, $"001 old any {K}\n");
        Interop.Libc.Chown(KeysPath, 65534, 65534).Should().Be(0);
        File.SetUnixFileMode(KeysPath, UnixFileMode.UserRead | UnixFileMode.GroupRead);

        new KeyStore(KeysPath).OverwriteWithSingleEntry($"1030 agent any {K}");

        Interop.Libc.TryStatx(KeysPath, out var st).Should().BeTrue();
        (st.Uid, st.Gid).Should().Be((65534u, 65534u));
        File.GetUnixFileMode(KeysPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.GroupRead);
        File.ReadAllText(KeysPath).Should().Be($"1030 agent any {K}\n");
    }
}
