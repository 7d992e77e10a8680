using System.Net;
using OssecSharp.Remoted.Transport;

namespace OssecSharp.Remoted.Tests;

/// <summary>The TCP connection table's admission rules (issue #13 item 2), on addresses only.</summary>
public sealed class TcpConnectionTableTests
{
    private static readonly IPAddress s_a = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress s_b = IPAddress.Parse("10.0.0.2");

    [Fact]
    public void A_source_at_its_limit_evicts_its_own_oldest_unauthenticated_connection()
    {
        var table = new TcpConnectionTable(capacity: 10, perSource: 2);
        table.TryAdd(s_a, out var first, out _).Should().Be(TcpAdmission.Admitted);
        table.TryAdd(s_b, out var other, out _).Should().Be(TcpAdmission.Admitted);
        table.TryAdd(s_a, out _, out _).Should().Be(TcpAdmission.Admitted);

        table.TryAdd(s_a, out var third, out var victim).Should().Be(TcpAdmission.EvictedFromSource);

        victim.Should().BeSameAs(first);
        first!.Evicted.IsCancellationRequested.Should().BeTrue();
        other!.Evicted.IsCancellationRequested.Should().BeFalse();
        third.Should().NotBeNull();
        table.Count.Should().Be(3);
    }

    [Fact]
    public void A_full_table_evicts_the_oldest_unauthenticated_connection_and_never_an_agent()
    {
        var table = new TcpConnectionTable(capacity: 2, perSource: 10);
        table.TryAdd(s_a, out var agent, out _);
        agent!.MarkAuthenticated();
        table.TryAdd(s_a, out var idle, out _);

        table.TryAdd(s_b, out _, out var victim).Should().Be(TcpAdmission.EvictedOldest);
        victim.Should().BeSameAs(idle);
        agent.Evicted.IsCancellationRequested.Should().BeFalse();
    }

    [Fact]
    public void Only_agents_left_means_refusal_and_a_closed_connection_frees_its_place()
    {
        var table = new TcpConnectionTable(capacity: 1, perSource: 1);
        table.TryAdd(s_a, out var agent, out _);
        agent!.MarkAuthenticated();

        table.TryAdd(s_b, out var refused, out _).Should().Be(TcpAdmission.RefusedTableFull);
        table.TryAdd(s_a, out _, out _).Should().Be(TcpAdmission.RefusedSourceFull);
        refused.Should().BeNull();

        agent.Dispose();
        table.Count.Should().Be(0);
        table.TryAdd(s_b, out _, out _).Should().Be(TcpAdmission.Admitted);
    }

    [Fact]
    public void A_source_limit_of_one_replaces_the_connection_and_keeps_the_count_right()
    {
        var table = new TcpConnectionTable(capacity: 5, perSource: 1);
        table.TryAdd(s_a, out var first, out _);

        table.TryAdd(s_a, out var second, out var victim).Should().Be(TcpAdmission.EvictedFromSource);
        victim.Should().BeSameAs(first);
        first!.Dispose();
        table.Count.Should().Be(1);
        table.TryAdd(s_a, out _, out var next).Should().Be(TcpAdmission.EvictedFromSource);
        next.Should().BeSameAs(second);
    }
}
