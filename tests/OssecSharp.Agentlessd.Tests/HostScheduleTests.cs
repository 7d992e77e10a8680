using OssecSharp.Agentlessd.Config;
using OssecSharp.Agentlessd.Scheduling;

namespace OssecSharp.Agentlessd.Tests;

public sealed class HostScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Failures_back_off_per_host_up_to_the_frequency_and_success_resets()
    {
        var entry = new AgentlessEntry("t", 3600, [new AgentlessHost("", "a@b", "a@b")], AgentlessStateFlags.Periodic, "", null);
        var schedule = new HostSchedule(entry, entry.Hosts[0], Now);
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            schedule.Failed(Now, TimeSpan.FromSeconds(60));
            delays.Add(schedule.NextDue - Now);
        }

        delays.Select(d => d.TotalSeconds).Should().Equal(60, 120, 240, 480, 960, 1920, 3600, 3600);
        schedule.Succeeded(Now);
        schedule.ConsecutiveFailures.Should().Be(0);
        schedule.NextDue.Should().Be(Now.AddHours(1));
    }

    [Theory]
    [InlineData("t", true)]
    [InlineData("a@b", true)]
    [InlineData("t:a@b", true)]
    [InlineData("other", false)]
    public void Cron_selectors_name_a_type_a_host_or_both(string selector, bool matches)
    {
        var entry = new AgentlessEntry("t", 60, [new AgentlessHost("", "a@b", "a@b")], AgentlessStateFlags.Periodic, "", null);

        new HostSchedule(entry, entry.Hosts[0], Now).Matches(selector).Should().Be(matches);
    }
}
