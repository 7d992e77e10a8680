using OssecSharp.Core.Keys;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Keys;

/// <summary>
/// Several writers at once: in-process tasks, each with its own <see cref="KeyStore"/> (the lock is per open file
/// description, so they contend like processes), plus real manage_agents processes taking the same lock. No entry may
/// be lost and every read must see a complete, parseable file.
/// </summary>
public sealed class KeyStoreConcurrencyTests : IDisposable
{
    private const string K = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private readonly TestInstall _install = new();

    public void Dispose() => _install.Dispose();

    [Fact]
    public async Task Concurrent_writers_in_and_out_of_process_lose_nothing()
    {
        var path = _install.PathOf("etc", "client.keys");
        const int tasks = 6;
        const int perTask = 15;
        const int processAdds = 8;
        using var stopReading = new CancellationTokenSource();

        var reader = Task.Run(() =>
        {
            var reads = 0;
            var lastCount = 0;
            while (!stopReading.IsCancellationRequested)
            {
                var content = new KeyStore(path).ReadContent();
                content.Problems.Should().BeEmpty("a reader must never see a torn file");
                content.Entries.Count.Should().BeGreaterThanOrEqualTo(lastCount, "entries are never lost");
                lastCount = content.Entries.Count;
                reads++;
            }

            return reads;
        });

        var processes = Task.Run(async () =>
        {
            for (var i = 0; i < processAdds; i++)
            {
                await using var add = await ProcessRunner.RunAsync("manage_agents", ["-D", _install.Home, "-a", "any", "-n", $"proc{i}"], s_timeout);
                add.ExitCode.Should().Be(0, add.Stdout + add.Stderr);
            }
        });

        var writers = Enumerable.Range(0, tasks).Select(t => Task.Run(async () =>
        {
            var store = new KeyStore(path, lockTimeout: TimeSpan.FromSeconds(30));
            for (var i = 0; i < perTask; i++)
            {
                var result = i % 2 == 0
                    ? store.Add(new KeyAddRequest($"t{t}-{i}", "any", Key: K))
                    : await store.AddAsync(new KeyAddRequest($"t{t}-{i}", "any", Key: K, Policy: KeyIdPolicy.Authd));
                result.Succeeded.Should().BeTrue();
            }
        })).ToArray();

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
        await processes.WaitAsync(s_timeout);
        await stopReading.CancelAsync();
        var reads = await reader.WaitAsync(TimeSpan.FromSeconds(10));

        var table = new KeyStore(path).Load();
        table.Problems.Should().BeEmpty();
        table.Count.Should().Be((tasks * perTask) + processAdds);
        table.Entries.Select(e => e.Id).Should().OnlyHaveUniqueItems();
        table.Entries.Select(e => e.Name).Should().OnlyHaveUniqueItems();
        reads.Should().BePositive();
    }

    [Fact]
    public async Task Our_lock_holds_back_a_manage_agents_process_until_released()
    {
        var path = _install.PathOf("etc", "client.keys");
        File.WriteAllText(path, string.Empty);
        var store = new KeyStore(path);
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = Task.Run(() => store.Update(tx =>
        {
            entered.Set();
            return release.Wait(TimeSpan.FromSeconds(30));
        }));
        entered.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue();

        await using var add = ProcessRunner.Start("manage_agents", ["-D", _install.Home, "-a", "any", "-n", "waiting"]);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        add.HasExited.Should().BeFalse("manage_agents waits for the lock we hold");
        File.ReadAllText(path).Should().BeEmpty();

        release.Set();
        (await holder.WaitAsync(s_timeout)).Should().BeTrue();
        await add.WaitForExitAsync(s_timeout);
        add.ExitCode.Should().Be(0, add.Stderr);
        store.Load().FindByName("waiting").Should().NotBeNull();
    }
}
