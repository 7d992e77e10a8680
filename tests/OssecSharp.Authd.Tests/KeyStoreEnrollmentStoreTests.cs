using OssecSharp.Authd.Enrollment;
using OssecSharp.Core.Keys;
using OssecSharp.Tests.Common;

namespace OssecSharp.Authd.Tests;

public sealed class KeyStoreEnrollmentStoreTests
{
    private const string Key64 = "39c0f60add0fda7426210b9d1afe0835a4bd3dfb8d411571bd934306a4673d1e";

    [Fact]
    public void A_batch_follows_authds_rules_in_order()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("client.keys");
        File.WriteAllText(path, $"1024 web01 any {Key64}\n1025 #*#*#*#*#*#*#*#*#*#*#\n001 fixed 10.0.0.9 {Key64}\n");
        var store = new KeyStoreEnrollmentStore(new KeyStore(path));

        var outcomes = store.Commit(
        [
            new EnrollmentCandidate("web01", "127.0.0.1", false),
            new EnrollmentCandidate("web01", "127.0.0.1", false),
            new EnrollmentCandidate("fromfixed", "10.0.0.9", false),
            new EnrollmentCandidate("src", "10.0.0.7", true),
            new EnrollmentCandidate("src2", "10.0.0.7", true),
        ]);

        outcomes.Select(o => o.Status).Should().Equal(
            EnrollmentOutcomeStatus.Added, EnrollmentOutcomeStatus.Added, EnrollmentOutcomeStatus.DuplicateIp,
            EnrollmentOutcomeStatus.Added, EnrollmentOutcomeStatus.DuplicateIp);
        outcomes[0].Key!.Id.Should().Be("1026", "1025 is removed but still used");
        outcomes[0].Key!.Name.Should().Be("web012");
        outcomes[1].Key!.Name.Should().Be("web013");
        outcomes[2].ConflictId.Should().Be("001");
        outcomes[3].Key!.Ip.Should().Be("10.0.0.7");
        outcomes[4].ConflictName.Should().Be("src");

        // Appended to client.keys itself before Commit returns; nothing else is created next to it.
        File.ReadAllLines(path).Should().HaveCount(6);
        Directory.GetFiles(folder.Path).Should().Equal(path);
    }

    [Fact]
    public void Changes_by_another_writer_between_batches_are_seen_and_a_last_line_without_newline_is_completed()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("client.keys");
        var keyStore = new KeyStore(path);
        var store = new KeyStoreEnrollmentStore(keyStore);
        store.Commit([new EnrollmentCandidate("a1", "127.0.0.1", false)]);

        keyStore.Add(new KeyAddRequest("manual", "10.1.1.1", Id: "1025")).Succeeded.Should().BeTrue();
        File.AppendAllText(path, "1500 cut any 12");
        var outcomes = store.Commit([new EnrollmentCandidate("a1", "127.0.0.1", false)]);

        outcomes[0].Key!.Name.Should().Be("a12");
        outcomes[0].Key!.Id.Should().Be("1026");
        var lines = File.ReadAllLines(path);
        lines.Should().Contain("1500 cut any 12");
        lines.Last().Should().StartWith("1026 a12 any ");
        keyStore.Load().Entries.Select(e => e.Id).Should().OnlyHaveUniqueItems();
    }
}
