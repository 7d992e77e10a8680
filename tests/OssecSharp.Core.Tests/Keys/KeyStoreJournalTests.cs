using System.Runtime.Versioning;
using OssecSharp.Core.Keys;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Keys;

/// <summary>
/// The enrollment journal (client.keys.journal): journaled adds are durable in the journal only, every reader of the
/// store sees client.keys plus the journal, and a compaction (or any other writer) folds the journal into client.keys
/// with the usual atomic rewrite.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class KeyStoreJournalTests : IDisposable
{
    internal const string K = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Base = $"001 fixed 10.0.0.1 {K}\n1024 web01 any {K}\n";
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0640 = Mode0600 | UnixFileMode.GroupRead;
    private readonly TempFolder _folder = new("keys-journal-");

    private string KeysPath => _folder.Combine("client.keys");

    private string JournalPath => KeysPath + ".journal";

    public void Dispose() => _folder.Dispose();

    /// <summary>authd's rules for a batch: renamed on a duplicate name, ids smallest free from 1024, ip <c>any</c>.</summary>
    internal static List<KeyEntry> Enroll(KeyStore store, params string[] names) =>
        store.UpdateJournaled(tx => names
            .Select(n => tx.Add(new KeyAddRequest(tx.FindFreeAuthdName(n)!, "any", Key: K, Policy: KeyIdPolicy.Authd, CheckDuplicateIp: false)))
            .Select(r => r.Entry ?? throw new InvalidOperationException(r.Error.ToString()))
            .ToList());

    [Fact]
    public void Journaled_adds_are_in_the_journal_not_in_client_keys_and_every_reader_sees_them()
    {
        File.WriteAllText(KeysPath, Base);
        var store = new KeyStore(KeysPath);

        var added = Enroll(store, "agent-a", "agent-b");

        added.Select(e => e.Id).Should().Equal("1025", "1026");
        File.ReadAllText(KeysPath).Should().Be(Base, "a journaled add never rewrites client.keys");
        File.ReadAllText(JournalPath).Should().Be($"1025 agent-a any {K}\n1026 agent-b any {K}\n");
        store.JournalBacklog.Should().Be(2);

        var expected = new[] { "001", "1024", "1025", "1026" };
        store.Load().Entries.Select(e => e.Id).Should().Equal(expected);
        store.ReadContent().Entries.Select(e => e.Id).Should().Equal(expected);
        var other = new KeyStore(KeysPath);
        other.Load().Entries.Select(e => e.Id).Should().Equal(expected, "a second store on the same path reads the journal too");
        other.Load().FindByName("agent-b")!.Key.Should().Be(K);
        other.JournalBacklog.Should().Be(2);
    }

    [Fact]
    public void The_stamp_moves_after_a_journaled_add_and_another_store_sees_it()
    {
        File.WriteAllText(KeysPath, Base);
        var store = new KeyStore(KeysPath);
        var reader = new KeyStore(KeysPath);
        reader.Load().Count.Should().Be(2);
        var before = reader.GetStamp();
        before.Journal.Exists.Should().BeFalse();

        Enroll(store, "agent-a");

        var after = reader.GetStamp();
        after.Should().NotBe(before);
        after.File.Should().Be(before.File, "client.keys itself is untouched");
        after.Journal.Exists.Should().BeTrue();
        reader.Load().Count.Should().Be(3, "a cached snapshot must not hide the journal's new line");

        Enroll(store, "agent-b");
        reader.GetStamp().Should().NotBe(after);
        reader.Load().Count.Should().Be(4);
    }

    [Fact]
    public void Ids_and_duplicate_name_renaming_continue_across_batches_and_a_compaction()
    {
        File.WriteAllText(KeysPath, Base);
        var store = new KeyStore(KeysPath);
        var other = new KeyStore(KeysPath);

        var first = Enroll(store, "web01", "web01");
        var second = Enroll(other, "web01");
        store.CompactJournal().Should().Be(3);
        var third = Enroll(store, "web01", "fresh");
        var fourth = Enroll(other, "web01");

        string[] Lines(IEnumerable<KeyEntry> entries) => [.. entries.Select(e => $"{e.Id} {e.Name}")];
        Lines(first).Should().Equal("1025 web012", "1026 web013");
        Lines(second).Should().Equal("1027 web014");
        Lines(third).Should().Equal("1028 web015", "1029 fresh");
        Lines(fourth).Should().Equal("1030 web016");
        var table = new KeyStore(KeysPath).Load();
        table.Entries.Select(e => e.Id).Should().OnlyHaveUniqueItems().And.HaveCount(8);
        table.Entries.Select(e => e.Name).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Compaction_appends_the_journal_lines_in_order_empties_the_journal_and_keeps_the_file_mode()
    {
        File.WriteAllText(KeysPath, Base);
        File.SetUnixFileMode(KeysPath, Mode0600);
        var store = new KeyStore(KeysPath);
        Enroll(store, "agent-a", "agent-b");
        Enroll(store, "agent-c");
        File.GetUnixFileMode(JournalPath).Should().Be(Mode0600, "the journal holds keys: it gets client.keys' mode");
        var journal = File.ReadAllText(JournalPath);

        store.CompactJournal().Should().Be(3);

        File.ReadAllText(KeysPath).Should().Be(Base + journal);
        File.ReadAllLines(KeysPath).Skip(2).Select(l => l.Split(' ')[1]).Should().Equal("agent-a", "agent-b", "agent-c");
        new FileInfo(JournalPath).Length.Should().Be(0);
        File.GetUnixFileMode(KeysPath).Should().Be(Mode0600);
        store.JournalBacklog.Should().Be(0);
        new KeyStore(KeysPath).Load().Count.Should().Be(5);

        var stamp = store.GetStamp();
        store.CompactJournal().Should().Be(0, "nothing is pending");
        store.GetStamp().Should().Be(stamp, "an empty journal means no rewrite");
    }

    [Fact]
    public void A_journal_without_client_keys_compacts_into_a_new_0640_file()
    {
        var store = new KeyStore(KeysPath);
        Enroll(store, "first").Single().Id.Should().Be("1024");

        File.Exists(KeysPath).Should().BeFalse();
        File.GetUnixFileMode(JournalPath).Should().Be(Mode0640);
        new KeyStore(KeysPath).Load().Entries.Select(e => e.Name).Should().Equal("first");

        store.CompactJournal().Should().Be(1);
        File.ReadAllText(KeysPath).Should().Be($"1024 first any {K}\n");
        File.GetUnixFileMode(KeysPath).Should().Be(Mode0640);
    }

    [Fact]
    public void Remove_of_an_agent_only_in_the_journal_folds_it_first()
    {
        File.WriteAllText(KeysPath, Base);
        var store = new KeyStore(KeysPath);
        Enroll(store, "agent-a", "agent-b");

        new KeyStore(KeysPath).Remove("1025").Should().Be(KeyValidationError.None);

        File.ReadAllText(KeysPath).Should().Be(Base + $"1025 #*#*#*#*#*#*#*#*#*#*#\n1026 agent-b any {K}\n");
        new FileInfo(JournalPath).Length.Should().Be(0);
        store.Load().Entries.Select(e => e.Id).Should().Equal("001", "1024", "1026");
        Enroll(store, "agent-a").Single().Id.Should().Be("1027", "the removed id stays used");
    }

    [Fact]
    public void Replace_of_an_agent_only_in_the_journal_folds_it_first()
    {
        File.WriteAllText(KeysPath, Base);
        var store = new KeyStore(KeysPath);
        Enroll(store, "agent-a");

        store.Replace("1025", "renamed", "10.1.1.1", "newkey").Should().Be(KeyValidationError.None);

        File.ReadAllText(KeysPath).Should().Be(Base + "1025 renamed 10.1.1.1 newkey\n");
        new FileInfo(JournalPath).Length.Should().Be(0);
    }

    [Fact]
    public void Any_other_writer_folds_the_journal_before_its_own_change()
    {
        File.WriteAllText(KeysPath, Base);
        Enroll(new KeyStore(KeysPath), "agent-a");

        var manual = new KeyStore(KeysPath).Add(new KeyAddRequest("manual", "10.2.2.2", Key: K));

        manual.Entry!.Id.Should().Be("1026", "manage_agents' next id counts the journaled 1025");
        File.ReadAllLines(KeysPath).Select(l => l.Split(' ')[0]).Should().Equal("001", "1024", "1025", "1026");
        new FileInfo(JournalPath).Length.Should().Be(0);
    }

    [Fact]
    public void A_journaled_transaction_with_a_removal_or_replace_throws_and_writes_nothing()
    {
        File.WriteAllText(KeysPath, Base);
        var store = new KeyStore(KeysPath);
        Enroll(store, "agent-a");
        var keys = File.ReadAllBytes(KeysPath);
        var journal = File.ReadAllBytes(JournalPath);

        var remove = () => store.UpdateJournaled(tx =>
        {
            tx.Add(new KeyAddRequest("agent-b", "any", Key: K, Policy: KeyIdPolicy.Authd));
            return tx.Remove("001");
        });
        var replace = () => store.UpdateJournaled(tx => tx.Replace("1024", "web01", "10.3.3.3", K));

        remove.Should().Throw<InvalidOperationException>();
        replace.Should().Throw<InvalidOperationException>();
        File.ReadAllBytes(KeysPath).Should().Equal(keys);
        File.ReadAllBytes(JournalPath).Should().Equal(journal);
        store.Load().Entries.Select(e => e.Name).Should().Equal("fixed", "web01", "agent-a");
        new KeyStore(KeysPath).Load().FindByName("agent-b").Should().BeNull();
    }

    [Fact]
    public void ReadBytes_equals_client_keys_after_compaction_even_without_a_final_newline()
    {
        File.WriteAllText(KeysPath, "# comment\n001 fixed any " + K);
        var store = new KeyStore(KeysPath);
        Enroll(store, "agent-a", "agent-b");

        var seen = new KeyStore(KeysPath).ReadBytes();
        store.CompactJournal().Should().Be(2);

        seen.Should().Equal(File.ReadAllBytes(KeysPath));
        store.ReadBytes().Should().Equal(seen);
    }

    [Fact]
    public void OverwriteWithSingleEntry_leaves_no_journal_entries()
    {
        File.WriteAllText(KeysPath, Base);
        var store = new KeyStore(KeysPath);
        Enroll(store, "agent-a", "agent-b");

        new KeyStore(KeysPath).OverwriteWithSingleEntry($"2000 only any {K}");

        File.ReadAllText(KeysPath).Should().Be($"2000 only any {K}\n");
        new FileInfo(JournalPath).Length.Should().Be(0);
        store.Load().Entries.Select(e => e.Id).Should().Equal("2000");
        store.JournalBacklog.Should().Be(0);
        store.CompactJournal().Should().Be(0);
        File.ReadAllText(KeysPath).Should().Be($"2000 only any {K}\n");
    }
}
