using System.Text;
using OssecSharp.Agentlessd.Diff;
using OssecSharp.Tests.Common;

namespace OssecSharp.Agentlessd.Tests;

public sealed class DiffTests
{
    [Fact]
    public void Alert_matches_OSSECs_recorded_message()
    {
        var diff = "3,5c3,4\n< setting1=on\n< setting2=off\n< port=80\n---\n> setting2=ON\n> port=8080\n";

        DiffAlert.Build(Encoding.UTF8.GetBytes(diff)).Should().Be("ossec: agentless: Change detected:\n" + diff);
    }

    [Fact]
    public void Alert_keeps_eight_lines_and_notes_the_truncation()
    {
        var diff = string.Concat(Enumerable.Range(1, 12).Select(i => $"< line {i}\n"));

        DiffAlert.Build(Encoding.UTF8.GetBytes(diff)).Should().Be("ossec: agentless: Change detected:\n"
            + string.Concat(Enumerable.Range(1, 8).Select(i => $"< line {i}\n")) + "\n... diff was truncated ...");
    }

    [Fact]
    public void Alert_of_a_long_diff_is_cut_at_a_line_end()
    {
        var diff = "< " + new string('x', 3000) + "\n";

        var alert = DiffAlert.Build(Encoding.UTF8.GetBytes(diff));

        alert.Should().EndWith("\n... diff was truncated ...");
        alert.Length.Should().BeLessThan(400);
    }

    [Fact]
    public async Task Store_rotates_entries_and_keeps_bounded_history()
    {
        using var folder = new TempFolder();
        var store = new DiffStore(folder.Path, "cisco@10.0.0.1", "ssh_generic_diff", keepHistory: 2);
        async Task<string?> PassAsync(string content, DateTime stamp)
        {
            using (var stream = store.OpenNewEntry())
            {
                stream.Write(Encoding.UTF8.GetBytes(content));
            }

            File.SetLastWriteTimeUtc(store.NewEntry, stamp);
            return await store.CompleteAsync(CancellationToken.None);
        }

        var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        (await PassAsync("a\nb\n", t0)).Should().BeNull("the first pass is the baseline");
        (await PassAsync("a\nb\n", t0.AddMinutes(1))).Should().BeNull("same output");
        File.Exists(store.NewEntry).Should().BeFalse();
        (await PassAsync("a\nc\n", t0.AddMinutes(2))).Should().Be("ossec: agentless: Change detected:\n2c2\n< b\n---\n> c\n");
        for (var i = 3; i < 8; i++)
        {
            (await PassAsync($"a\n{i}\n", t0.AddMinutes(i))).Should().NotBeNull();
        }

        Directory.GetFiles(store.Directory, "state.*").Should().HaveCount(2);
        Directory.GetFiles(store.Directory, "diff.*").Should().HaveCount(2);
        File.ReadAllText(store.LastEntry).Should().Be("a\n7\n");
    }
}
