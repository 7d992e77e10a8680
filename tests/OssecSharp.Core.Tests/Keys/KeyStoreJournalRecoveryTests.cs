using System.Runtime.Versioning;
using OssecSharp.Core.Keys;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Keys;

/// <summary>
/// Journals left behind by a crash, written by hand: a crash between the rewrite of client.keys and the truncation of
/// the journal (its lines are in both), a crash in the middle of an append (a torn last line), repeated ids.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class KeyStoreJournalRecoveryTests : IDisposable
{
    private const string K = KeyStoreJournalTests.K;
    private const string K2 = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    private const string Base = $"001 fixed 10.0.0.1 {K}\n1024 web01 any {K}\n1025 web02 any {K}\n";
    private readonly TempFolder _folder = new("keys-journal-crash-");

    private string KeysPath => _folder.Combine("client.keys");

    private string JournalPath => KeysPath + ".journal";

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Journal_lines_already_in_client_keys_are_skipped_and_only_the_new_one_is_pending()
    {
        // The rewrite put 1024 and 1025 in client.keys, then the process died before emptying the journal; 1026 came later.
        File.WriteAllText(KeysPath, Base);
        File.WriteAllText(JournalPath, $"1024 web01 any {K}\n1025 web02 any {K}\n1026 web03 any {K2}\n");
        var store = new KeyStore(KeysPath);

        store.Load().Entries.Select(e => e.Id).Should().Equal("001", "1024", "1025", "1026");
        store.JournalBacklog.Should().Be(1);
        store.ReadBytes().Should().Equal(KeyFileParser.FileEncoding.GetBytes(Base + $"1026 web03 any {K2}\n"));

        store.CompactJournal().Should().Be(1);
        File.ReadAllText(KeysPath).Should().Be(Base + $"1026 web03 any {K2}\n");
        new FileInfo(JournalPath).Length.Should().Be(0);
    }

    [Fact]
    public void A_journal_line_whose_id_is_removed_in_client_keys_stays_skipped()
    {
        File.WriteAllText(KeysPath, $"001 fixed any {K}\n1024 #*#*#*#*#*#*#*#*#*#*#\n");
        File.WriteAllText(JournalPath, $"1024 gone any {K}\n");
        var store = new KeyStore(KeysPath);

        store.Load().Entries.Select(e => e.Id).Should().Equal("001");
        store.CompactJournal().Should().Be(0);
        new FileInfo(JournalPath).Length.Should().Be(0, "stale lines are dropped even when nothing is folded");
        Enroll(store, "next").Single().Id.Should().Be("1025");
        new KeyStore(KeysPath).Load().Entries.Select(e => e.Id).Should().Equal("001", "1025");
    }

    [Fact]
    public void A_torn_last_line_is_ignored_by_readers()
    {
        File.WriteAllText(KeysPath, Base);
        File.WriteAllText(JournalPath, $"1026 web03 any {K}\n1027 torn any 01234");
        var store = new KeyStore(KeysPath);

        store.Load().Entries.Select(e => e.Id).Should().Equal("001", "1024", "1025", "1026");
        store.ReadContent().Problems.Should().BeEmpty();
        store.JournalBacklog.Should().Be(1);
        store.CompactJournal().Should().Be(1);
        File.ReadAllText(KeysPath).Should().Be(Base + $"1026 web03 any {K}\n");
        new FileInfo(JournalPath).Length.Should().Be(0);
    }

    [Fact]
    public void The_next_journaled_add_after_a_torn_tail_starts_on_a_line_of_its_own()
    {
        // The torn 1026 was never acknowledged, so its id is free again; glued onto the torn bytes the new line would
        // read back as "1026 torn any 012…" with a wrong key, and the acknowledged agent would be lost.
        File.WriteAllText(KeysPath, Base);
        File.WriteAllText(JournalPath, $"1026 torn any 0123456789abcdef");
        var restarted = new KeyStore(KeysPath);

        var added = Enroll(restarted, "fresh", "fresh");

        added.Select(e => $"{e.Id} {e.Name}").Should().Equal("1026 fresh", "1027 fresh2");
        File.ReadAllText(JournalPath).Should().Be($"1026 fresh any {K}\n1027 fresh2 any {K}\n");
        var reader = new KeyStore(KeysPath);
        reader.Load().FindById("1026")!.Name.Should().Be("fresh");
        reader.Load().FindById("1026")!.Key.Should().Be(K);
        reader.ReadContent().Problems.Should().BeEmpty();
        restarted.CompactJournal().Should().Be(2);
        File.ReadAllText(KeysPath).Should().Be(Base + $"1026 fresh any {K}\n1027 fresh2 any {K}\n");
    }

    [Fact]
    public void A_torn_tail_after_complete_lines_is_cut_and_the_complete_lines_are_kept()
    {
        var pending = $"1026 web03 any {K}\n";
        File.WriteAllText(KeysPath, Base);
        File.WriteAllText(JournalPath, pending + new string('x', 5000));

        var added = Enroll(new KeyStore(KeysPath), "fresh");

        added.Single().Id.Should().Be("1027");
        File.ReadAllText(JournalPath).Should().Be(pending + $"1027 fresh any {K}\n");
    }

    [Fact]
    public void A_journal_of_only_a_torn_line_keeps_the_mode_of_client_keys()
    {
        File.WriteAllText(KeysPath, Base);
        File.SetUnixFileMode(KeysPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(JournalPath, "1026 to");
        File.SetUnixFileMode(JournalPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        Enroll(new KeyStore(KeysPath), "fresh");

        File.ReadAllText(JournalPath).Should().Be($"1026 fresh any {K}\n");
        File.GetUnixFileMode(JournalPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void Repeated_ids_in_the_journal_first_wins()
    {
        File.WriteAllText(KeysPath, Base);
        File.WriteAllText(JournalPath, $"1026 first any {K}\n1026 second any {K2}\n1027 third any {K}\n");
        var store = new KeyStore(KeysPath);

        store.Load().Entries.Select(e => $"{e.Id} {e.Name}").Should().Equal(
            "001 fixed", "1024 web01", "1025 web02", "1026 first", "1027 third");
        store.CompactJournal().Should().Be(2);
        File.ReadAllText(KeysPath).Should().Be(Base + $"1026 first any {K}\n1027 third any {K}\n");
    }

    private static List<KeyEntry> Enroll(KeyStore store, params string[] names) => KeyStoreJournalTests.Enroll(store, names);
}
