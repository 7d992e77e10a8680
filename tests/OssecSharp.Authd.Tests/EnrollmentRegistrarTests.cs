using OssecSharp.Authd.Enrollment;
using OssecSharp.Core.Keys;
using OssecSharp.Tests.Common;

namespace OssecSharp.Authd.Tests;

/// <summary>authd's writer: every key is a line of client.keys itself at the moment its answer is sent.</summary>
public sealed class EnrollmentRegistrarTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);
    private readonly TempFolder _folder = new("registrar-");

    private string KeysPath => _folder.Combine("client.keys");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void At_the_cap_the_oldest_connection_still_waiting_for_its_request_makes_room()
    {
        var registry = new ConnectionRegistry(capacity: 2);
        using var first = registry.TryAdd()!;
        using var second = registry.TryAdd()!;

        first.MarkBusy();
        registry.Count.Should().Be(2);

        // At the cap the waiting second connection is evicted for a third; its slot stays until its task ends.
        using var third = registry.TryAdd()!;
        second.Token.IsCancellationRequested.Should().BeTrue();
        first.Token.IsCancellationRequested.Should().BeFalse("a connection past its request is never evicted");
        second.Dispose();
        first.Dispose();
        registry.Count.Should().Be(1);
    }

    [Fact]
    public async Task Each_key_is_in_client_keys_when_its_answer_is_sent()
    {
        File.WriteAllText(KeysPath, string.Empty);
        var registrar = new EnrollmentRegistrar(new KeyStoreEnrollmentStore(new KeyStore(KeysPath)), Serilog.Core.Logger.None, 16);
        await using (registrar)
        {
            var seen = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => EnrollAsync(registrar, $"agent-{i}")));

            seen.Should().OnlyContain(s => s.InFile, "no key is answered before its line is in client.keys");
            File.Exists(KeysPath + ".journal").Should().BeFalse();
            File.ReadAllLines(KeysPath).Should().HaveCount(8);
        }
    }

    // Enrolls through the registrar; tells whether client.keys held the new line at the moment of the answer.
    private async Task<(string Name, bool InFile)> EnrollAsync(EnrollmentRegistrar registrar, string name)
    {
        var inFile = false;
        var outcome = await registrar.EnrollAsync(new EnrollmentCandidate(name, "127.0.0.1", false), () =>
        {
            // The writer runs this after the batch is written and before the caller gets the outcome.
            inFile = File.ReadAllLines(KeysPath).Any(l => l.Split(' ')[1] == name);
        }, CancellationToken.None).WaitAsync(s_timeout);
        outcome.Status.Should().Be(EnrollmentOutcomeStatus.Added);
        return (outcome.Key!.Name, inFile);
    }
}
