using OssecSharp.LoadTool;

namespace OssecSharp.IntegrationTests.Enrollment;

/// <summary><c>ossec-loadtool enroll</c> (the enrollment benchmark's client) against a real TLS authd.</summary>
public sealed class EnrollmentLoadToolTests
{
    [Theory]
    [InlineData("libssl")]
    [InlineData("gnutls")]
    [InlineData("dotnet")]
    public async Task Parallel_clients_enroll_every_agent_once(string tls)
    {
        await using var authd = await AuthdHarness.StartAsync();
        var options = Parse("enroll", "-m", "127.0.0.1", "-p", authd.EndPoint.Port.ToString(), "-j", "4", "-n", "40",
            "--prefix", "lt-", "--tls", tls);

        var report = await new EnrollmentLoadRunner(options, TextWriter.Null).RunAsync(CancellationToken.None);

        report.Failed.Should().Be(0, report.FirstFailure);
        report.Attempted.Should().Be(40);
        report.ToString().Should().Contain("enrolled=40 failed=0").And.Contain("client_cpu_ms_per_enrollment=");
        var names = File.ReadAllLines(authd.Paths.ClientKeys).Select(l => l.Split(' ')[1]).ToList();
        names.Should().HaveCount(40).And.OnlyHaveUniqueItems().And.OnlyContain(n => n.StartsWith("lt-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_password_is_counted_as_failures_with_the_managers_reason()
    {
        await using var authd = await AuthdHarness.StartAsync(password: "right-one");
        var passFile = Path.Combine(authd.Install.Home, "wrong.pass");
        File.WriteAllText(passFile, "wrong-one\n");
        var options = Parse("enroll", "-p", authd.EndPoint.Port.ToString(), "-j", "2", "-n", "4", "-w", passFile);

        var report = await new EnrollmentLoadRunner(options, TextWriter.Null).RunAsync(CancellationToken.None);

        report.Failed.Should().Be(4);
        report.FirstFailure.Should().Contain("Invalid password");
    }

    [Theory]
    [InlineData("enroll", "-j")]
    [InlineData("enroll", "-x", "1")]
    [InlineData("enroll", "-j", "0")]
    [InlineData("enroll", "-n", "-3")]
    [InlineData("enroll", "--tls", "schannel")]
    [InlineData("bogus")]
    public void Bad_command_lines_are_refused(params string[] args) =>
        LoadOptions.TryParse(args, out _, out var error).Should().BeFalse(error);

    private static LoadOptions Parse(params string[] args)
    {
        LoadOptions.TryParse(args, out var options, out var error).Should().BeTrue(error);
        return options;
    }
}
