using OssecSharp.Agentlessd.Integrity;
using OssecSharp.Tests.Common;

namespace OssecSharp.Agentlessd.Tests;

public sealed class IntegrityTests
{
    private const string Md5 = "d41d8cd98f00b204e9800998ecf8427e";
    private const string Sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";

    [Theory]
    [InlineData("33:644:1001:1001:" + Md5 + ":" + Sha1 + " /home/a b.txt", "None")]
    [InlineData("33:644:1001:1001:" + Md5 + ":" + Sha1 + " /etc/../shadow", "BadPath")]
    [InlineData("33:644:1001:1001:" + Md5 + ":" + Sha1 + " /etc/a\u001bb", "BadPath")]
    [InlineData("33:644:1001:" + Md5 + ":" + Sha1 + " /etc/x", "Malformed")]
    [InlineData("33:644:1001:1001:zz:" + Sha1 + " /etc/x", "Malformed")]
    [InlineData("33:644:1001:1001:" + Md5 + ":" + Sha1, "Malformed")]
    [InlineData("", "Malformed")]
    public void TryParse_validates_records(string text, string expected) =>
        IntegrityRecord.TryParse(text, out _).Should().Be(Enum.Parse<IntegrityRecord.Rejection>(expected));

    [Fact]
    public void Snapshot_compare_finds_added_removed_and_modified_and_survives_a_round_trip()
    {
        using var folder = new TempFolder();
        var before = Snapshot(("/a", "1"), ("/b", "2"), ("/same", "3"));
        before.Save(folder.Combine("db"));
        var loaded = IntegritySnapshot.Load(folder.Combine("db"))!;
        loaded.Records.Should().BeEquivalentTo(before.Records);

        var after = Snapshot(("/a", "9"), ("/c", "4"), ("/same", "3"));
        var changes = after.CompareTo(loaded);

        changes.Should().Equal(
            new IntegrityChange(IntegrityChangeKind.Modified, "/a", Rec("1"), Rec("9")),
            new IntegrityChange(IntegrityChangeKind.Removed, "/b", Rec("2"), null),
            new IntegrityChange(IntegrityChangeKind.Added, "/c", null, Rec("4")));
        IntegritySnapshot.Load(folder.Combine("missing")).Should().BeNull();
    }

    [Fact]
    public void ChangeReport_uses_analysisd_texts()
    {
        var change = new IntegrityChange(IntegrityChangeKind.Modified, "/d.sh", $"21:755:1001:1001:{Md5}:{Sha1}", $"21:600:0:1001:{Md5}:{Sha1}");

        ChangeReport.Format(change).Should().Be("Integrity checksum changed for: '/d.sh'\n"
            + "Permissions changed from 'rwxr-xr-x' to 'rw-------'\nOwnership was '1001', now it is '0'\n"
            + $"Old md5sum was: '{Md5}'\nNew md5sum is : '{Md5}'\nOld sha1sum was: '{Sha1}'\nNew sha1sum is : '{Sha1}'");
        ChangeReport.Permissions("33188").Should().Be("rw-r--r--", "the BSD script and agents send the decimal st_mode");
    }

    private static string Rec(string size) => $"{size}:644:0:0:{Md5}:{Sha1}";

    private static IntegritySnapshot Snapshot(params (string Path, string Size)[] records)
    {
        var snapshot = new IntegritySnapshot();
        foreach (var (path, size) in records)
        {
            snapshot.Add(new IntegrityRecord(Rec(size), path));
        }

        return snapshot;
    }
}
