using System.Text;
using OssecSharp.Core.Counters;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Counters;

public sealed class CounterTests
{
    [Fact]
    public void Sender_steps_of_rids_json_are_reproduced_byte_for_byte()
    {
        using var doc = SharedReference.LoadVectors("rids.json");
        var steps = 0;
        foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            if (!v.TryGetProperty("files_before", out var before))
            {
                continue;
            }

            using var dir = new TempFolder();
            var path = Path.Combine(dir.Path, "sender_counter");
            File.WriteAllText(path, before.GetProperty("sender_counter").GetString());
            using (var counter = new SenderCounter(path))
            {
                var used = counter.Next();
                var expected = v.GetProperty("message_counters");
                used.Should().Be(new MessageCounter(expected.GetProperty("glob").GetUInt32(), expected.GetProperty("local").GetUInt32()));
            }

            File.ReadAllText(path).Should().Be(v.GetProperty("files_after").GetProperty("sender_counter").GetString());
            steps++;
        }

        steps.Should().Be(4);
    }

    [Fact]
    public void Sender_vectors_of_messages_json_agree()
    {
        foreach (var v in Crypto.CryptoVectors.Messages.Where(m => m.SenderBefore is not null && m.SenderAfter is not null))
        {
            var next = SenderCounter.Advance(MessageCounter.Parse(Encoding.ASCII.GetBytes(v.SenderBefore!)));
            next.Should().Be(new MessageCounter(v.Global!.Value, v.Local!.Value), v.Name);
        }
    }

    [Fact]
    public void Fresh_install_starts_at_0_1_and_counters_survive_a_restart()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "sender_counter");
        using (var counter = new SenderCounter(path))
        {
            counter.Next().Should().Be(new MessageCounter(0, 1));
            counter.Next().Should().Be(new MessageCounter(0, 2));
        }

        File.ReadAllText(path).Should().Be("0:2:");
        using (var counter = new SenderCounter(path))
        {
            counter.Next().Should().Be(new MessageCounter(0, 3));
        }
    }

    [Fact]
    public void Sender_reloads_when_the_file_is_deleted_under_it()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "sender_counter");
        File.WriteAllText(path, "5:100:");
        using var counter = new SenderCounter(path);
        counter.Next().Should().Be(new MessageCounter(5, 101));
        File.Delete(path);
        counter.Next().Should().Be(new MessageCounter(0, 1));
        File.WriteAllText(path + ".tmp", "9:9:");
        File.Move(path + ".tmp", path, overwrite: true);
        counter.Next().Should().Be(new MessageCounter(9, 10));
        File.ReadAllText(path).Should().Be("9:10:");
    }

    [Fact]
    public void Sender_ignores_an_edit_in_place_as_4x_compares_only_the_inode()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "sender_counter");
        File.WriteAllText(path, "5:100:");
        using var counter = new SenderCounter(path);
        counter.Next().Should().Be(new MessageCounter(5, 101));
        File.WriteAllText(path, "7:7:");
        counter.Next().Should().Be(new MessageCounter(5, 102));
        File.ReadAllText(path).Should().Be("5:102:");
    }

    [Theory]
    [InlineData("", 0u, 0u)]
    [InlineData("8:1:97:", 8u, 1u)]
    [InlineData("4000000000:17:", 4000000000u, 17u)]
    [InlineData("garbage", 0u, 0u)]
    [InlineData("5:", 0u, 0u)]
    [InlineData("5:100", 5u, 100u)]
    public void Counter_text_parses_like_fscanf(string text, uint global, uint local) =>
        MessageCounter.Parse(Encoding.ASCII.GetBytes(text)).Should().Be(new MessageCounter(global, local));

    [Theory]
    [InlineData(5u, 100u, ReplayVerdict.Duplicate)]
    [InlineData(5u, 99u, ReplayVerdict.Duplicate)]
    [InlineData(5u, 101u, ReplayVerdict.Accept)]
    [InlineData(4u, 9000u, ReplayVerdict.Old)]
    [InlineData(6u, 1u, ReplayVerdict.Accept)]
    public void Replay_rule_matches_the_spec_cases(uint g, uint l, ReplayVerdict expected)
    {
        ReplayRule.Check(new MessageCounter(5, 100), new MessageCounter(g, l)).Should().Be(expected);
        ReplayRule.Check(new MessageCounter(5, 100), new MessageCounter(g, l), verify: false).Should().Be(ReplayVerdict.Accept);
    }

    [Fact]
    public void Receive_files_are_created_empty_and_flushed_every_n_accepted_messages()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "1024");
        using (var store = new ReceiveCounterStore(dir.Path, flushEvery: 128))
        {
            store.Get("1024").Should().Be(default(MessageCounter));
            File.Exists(path).Should().BeTrue();
            for (uint l = 1; l <= 70; l++)
            {
                store.CheckAndUpdate("1024", new MessageCounter(0, l)).Should().Be(ReplayVerdict.Accept);
            }

            File.ReadAllText(path).Should().BeEmpty("the file lags until the 128th accepted message (rids.json before-flush)");
            for (uint l = 71; l <= 128; l++)
            {
                store.CheckAndUpdate("1024", new MessageCounter(0, l));
            }

            File.ReadAllText(path).Should().Be("0:128:");
            store.CheckAndUpdate("1024", new MessageCounter(0, 128)).Should().Be(ReplayVerdict.Duplicate);
            store.CheckAndUpdate("1024", new MessageCounter(0, 135)).Should().Be(ReplayVerdict.Accept);
        }

        File.ReadAllText(path).Should().Be("0:135:", "dispose flushes");
        using var reopened = new ReceiveCounterStore(dir.Path);
        reopened.Get("1024").Should().Be(new MessageCounter(0, 135));
    }

    [Fact]
    public void A_receive_file_is_written_after_n_messages_of_its_agent_and_every_changed_one_once_a_second()
    {
        using var dir = new TempFolder();
        using var store = new ReceiveCounterStore(dir.Path, flushEvery: 10);
        string Text(string id) => File.ReadAllText(Path.Combine(dir.Path, id));
        void Accept(string id, uint from, uint to)
        {
            for (var l = from; l <= to; l++)
            {
                store.CheckAndUpdate(id, new MessageCounter(0, l)).Should().Be(ReplayVerdict.Accept);
            }
        }

        Accept("001", 1, 10);
        Text("001").Should().Be("0:10:");
        Accept("002", 1, 5);
        Accept("001", 11, 15);
        Text("002").Should().BeEmpty("5 messages of its own, and the last look at every changed file was under a second ago");
        Accept("001", 16, 20);
        Text("001").Should().Be("0:20:", "10 messages of its own since it was written");
        Text("002").Should().BeEmpty();
        Thread.Sleep(1100);
        Accept("001", 21, 25);
        Text("002").Should().Be("0:5:", "the 30th message overall looked at every changed file, a second after the last look");
        Text("001").Should().Be("0:25:");
    }

    [Fact]
    public void Deleting_a_receive_file_resets_the_counter_at_the_next_periodic_check()
    {
        using var dir = new TempFolder();
        using var store = new ReceiveCounterStore(dir.Path, flushEvery: 10);
        var path = Path.Combine(dir.Path, "001");
        File.WriteAllText(path, "7:500:");
        store.CheckAndUpdate("001", new MessageCounter(0, 1)).Should().Be(ReplayVerdict.Old, "a re-installed agent is refused");
        File.Delete(path);
        for (uint l = 501; l < 510; l++)
        {
            store.CheckAndUpdate("001", new MessageCounter(7, l));
        }

        store.CheckAndUpdate("001", new MessageCounter(7, 510)).Should().Be(ReplayVerdict.Accept);
        store.Get("001").Should().Be(default(MessageCounter), "the deleted file was recreated empty and read as 0:0");
        File.Exists(path).Should().BeTrue();
        store.CheckAndUpdate("001", new MessageCounter(0, 1)).Should().Be(ReplayVerdict.Accept);
    }

    [Fact]
    public void Reload_keeps_accepted_counters_and_picks_up_file_edits()
    {
        using var dir = new TempFolder();
        using var store = new ReceiveCounterStore(dir.Path);
        store.CheckAndUpdate("003", new MessageCounter(1, 5)).Should().Be(ReplayVerdict.Accept);
        store.Reload();
        store.CheckAndUpdate("003", new MessageCounter(1, 5)).Should().Be(ReplayVerdict.Duplicate);
        File.ReadAllText(Path.Combine(dir.Path, "003")).Should().Be("1:5:", "the reload wrote the accepted value first");
        File.WriteAllText(Path.Combine(dir.Path, "003"), "9:9:");
        store.Reload();
        store.Get("003").Should().Be(new MessageCounter(9, 9));
    }

    [Fact]
    public void Reset_and_remove()
    {
        using var dir = new TempFolder();
        using var store = new ReceiveCounterStore(dir.Path);
        store.CheckAndUpdate("002", new MessageCounter(3, 3));
        store.Flush();
        File.ReadAllText(Path.Combine(dir.Path, "002")).Should().Be("3:3:");
        store.Reset("002");
        store.Get("002").Should().Be(default(MessageCounter));
        File.ReadAllText(Path.Combine(dir.Path, "002")).Should().BeEmpty();
        store.Remove("002");
        File.Exists(Path.Combine(dir.Path, "002")).Should().BeFalse();
        store.Remove("002");
        FluentActions.Invoking(() => store.Get("../x")).Should().Throw<ArgumentException>();
    }
}
