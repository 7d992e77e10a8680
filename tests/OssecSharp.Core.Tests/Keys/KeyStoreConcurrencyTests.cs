using OssecSharp.Core.Keys;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Keys;

/// <summary>
/// Several writers at once: in-process tasks, each with its own <see cref="KeyStore"/> (flock is per open file
/// description, so they contend like processes), plus a separate process that follows the same protocol with
/// flock(1). No entry may be lost and every read must see a complete, parseable file.
/// </summary>
public sealed class KeyStoreConcurrencyTests : IDisposable
{
    private const string K = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string ShellWriter = """
        set -e
        for i in $(seq 1 "$N"); do
          flock -w 20 "$LOCK" sh -c '
            cat "$F" > "$F.shell.tmp" 2>/dev/null || : > "$F.shell.tmp"
            echo "0$((9000 + $1)) shell$1 any $K" >> "$F.shell.tmp"
            mv "$F.shell.tmp" "$F"' _ "$i"
        done
        """;

    private readonly TempFolder _folder = new("keys-concurrency-");

    // Zero-led ids ("09001") are outside manage_agents' %03d scheme, so its highest+1 rule never collides with them.
    private static string Flock => new[] { "/usr/bin/flock", "/bin/flock", "/usr/local/bin/flock" }.First(File.Exists);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Concurrent_writers_in_and_out_of_process_lose_nothing()
    {
        var path = _folder.Combine("client.keys");
        const int tasks = 6;
        const int perTask = 15;
        const int shellAdds = 30;
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

        await using var shell = ProcessRunner.Start(
            "/bin/bash", ["-c", ShellWriter],
            new Dictionary<string, string?>
            {
                ["F"] = path, ["LOCK"] = path + ".lock", ["K"] = K, ["N"] = shellAdds.ToString(System.Globalization.CultureInfo.InvariantCulture),
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
        await shell.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await stopReading.CancelAsync();
        var reads = await reader.WaitAsync(TimeSpan.FromSeconds(10));

        shell.ExitCode.Should().Be(0, shell.Stderr);
        var table = new KeyStore(path).Load();
        table.Problems.Should().BeEmpty();
        table.Count.Should().Be((tasks * perTask) + shellAdds);
        table.Entries.Select(e => e.Id).Should().OnlyHaveUniqueItems();
        table.Entries.Select(e => e.Name).Should().OnlyHaveUniqueItems();
        reads.Should().BePositive();
    }

    [Fact]
    public async Task Our_lock_is_an_flock_other_processes_respect()
    {
        var store = new KeyStore(_folder.Combine("client.keys"));
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = Task.Run(() => store.Update(tx =>
        {
            entered.Set();
            return release.Wait(TimeSpan.FromSeconds(30));
        }));
        entered.Wait(TimeSpan.FromSeconds(30)).Should().BeTrue();

        await using (var probe = await ProcessRunner.RunAsync(Flock, ["-n", store.LockPath, "true"], TimeSpan.FromSeconds(20)))
        {
            probe.ExitCode.Should().NotBe(0, "flock -n must fail while we hold the lock");
        }

        release.Set();
        (await holder.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();

        await using var free = await ProcessRunner.RunAsync(Flock, ["-n", store.LockPath, "true"], TimeSpan.FromSeconds(20));
        free.ExitCode.Should().Be(0);
    }
}
