using System.Net;
using System.Security.Cryptography.X509Certificates;
using OssecSharp.Tests.Common.Enrollment;

namespace OssecSharp.IntegrationTests.Enrollment;

/// <summary>Certificate checks on both sides: authd -v (agent certificates) and agent-auth -v (manager certificate).</summary>
public sealed class CertificateEnrollmentTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Authd_with_a_CA_enrolls_an_agent_presenting_a_certificate_it_signed(bool ecdsa)
    {
        using var ca = TestCertificates.CreateCa(ecdsa: ecdsa);
        using var agent = new AgentRunner();
        await using var authd = await StartWithCaAsync(ca, agent);
        using var agentCert = TestCertificates.CreateLeaf(ca, "CN=agent-a", ecdsa: ecdsa);
        TestCertificates.WritePem(agentCert, agent.Install.PathOf("agent.cert"), agent.Install.PathOf("agent.key"));

        var result = await agent.RunAsync(authd.EndPoint, "agent-a", WithClientCertificate(agent));

        result.ExitCode.Should().Be(0, string.Join("\n", result.Stdout.Concat(result.Stderr)));
        agent.ClientKeys.Should().StartWith("1024 agent-a any ");
    }

    [Fact]
    public async Task Authd_with_a_CA_refuses_an_agent_without_a_certificate()
    {
        using var ca = TestCertificates.CreateCa();
        using var agent = new AgentRunner();
        await using var authd = await StartWithCaAsync(ca, agent);

        var result = await agent.RunAsync(authd.EndPoint, "agent-b");

        result.ExitCode.Should().Be(1);
        agent.ClientKeys.Should().BeEmpty();
        File.ReadAllText(authd.Paths.ClientKeys).Should().BeEmpty();
    }

    [Fact]
    public async Task Authd_with_a_CA_refuses_a_certificate_of_another_CA_and_logs_ossecs_lines()
    {
        using var ca = TestCertificates.CreateCa();
        using var other = TestCertificates.CreateCa("CN=Rogue CA");
        using var agent = new AgentRunner();
        await using var authd = await StartWithCaAsync(ca, agent);
        using var agentCert = TestCertificates.CreateLeaf(other, "O=Rogue,CN=agent-c");
        TestCertificates.WritePem(agentCert, agent.Install.PathOf("agent.cert"), agent.Install.PathOf("agent.key"));

        var result = await agent.RunAsync(authd.EndPoint, "agent-c", WithClientCertificate(agent));

        result.ExitCode.Should().Be(1);
        agent.ClientKeys.Should().BeEmpty();
        File.ReadAllText(authd.Paths.ClientKeys).Should().BeEmpty();
        await AuthdEnrollmentTests.WaitForLogAsync(authd, "subject =  /O=Rogue/CN=agent-c");
        authd.Sink.LevelMessages.Should().Contain("ERROR: Problem with certificate at depth 0");
        authd.Sink.LevelMessages.Should().Contain("ERROR: issuer =  /CN=Rogue CA");
    }

    [Fact]
    public async Task Authd_with_a_CA_refuses_an_expired_certificate()
    {
        using var ca = TestCertificates.CreateCa();
        using var agent = new AgentRunner();
        await using var authd = await StartWithCaAsync(ca, agent);
        using var agentCert = TestCertificates.CreateLeaf(ca, "CN=agent-d", notBefore: DateTimeOffset.UtcNow.AddDays(-10), notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        TestCertificates.WritePem(agentCert, agent.Install.PathOf("agent.cert"), agent.Install.PathOf("agent.key"));

        var result = await agent.RunAsync(authd.EndPoint, "agent-d", WithClientCertificate(agent));

        result.ExitCode.Should().Be(1);
        File.ReadAllText(authd.Paths.ClientKeys).Should().BeEmpty();
        await AuthdEnrollmentTests.WaitForLogAsync(authd, "10:certificate has expired");
    }

    [Theory]
    [InlineData("O=OssecSharp,CN=localhost", null, "localhost", true)]
    [InlineData("CN=localhost", null, "localhost", true)]
    [InlineData("CN=ignored", "manager.example.com", "127.0.0.1", true)]
    [InlineData("CN=otherhost", null, "localhost", false)]
    public async Task Agent_auth_verifies_the_managers_name(string subject, string? sanDns, string manager, bool ok)
    {
        using var ca = TestCertificates.CreateCa();
        using var server = TestCertificates.CreateLeaf(ca, subject, sanDns is null ? null : [sanDns], sanDns is null ? null : [IPAddress.Loopback]);
        await using var authd = await AuthdHarness.StartAsync(certificates: new X509CertificateSetup(server));
        using var agent = new AgentRunner();
        var caFile = agent.Install.PathOf("ca.pem");
        TestCertificates.WritePem(ca, caFile);
        var endPoint = new IPEndPoint(authd.EndPoint.Address, authd.EndPoint.Port);

        var result = await agent.RunAsync(endPoint, "agent-e", o => o with { CaFile = caFile, Manager = manager });

        result.Stdout.Should().Contain("INFO: Verifying manager's certificate");
        result.ExitCode.Should().Be(ok ? 0 : 1, string.Join("\n", result.Stdout));
        if (!ok)
        {
            result.Stdout.Last().Should().StartWith("ERROR: Unable to verify server certificate: it is not valid for localhost");
            agent.ClientKeys.Should().BeEmpty();
            File.ReadAllText(authd.Paths.ClientKeys).Should().BeEmpty("nothing may be sent to an unverified manager");
        }
    }

    [Fact]
    public async Task Agent_auth_refuses_a_manager_certificate_of_another_CA_or_expired()
    {
        using var ca = TestCertificates.CreateCa();
        using var rogue = TestCertificates.CreateCa("CN=Rogue CA");
        using var agent = new AgentRunner();
        var caFile = agent.Install.PathOf("ca.pem");
        TestCertificates.WritePem(ca, caFile);

        using (var server = TestCertificates.CreateLeaf(rogue, "O=X,CN=localhost", ["localhost"]))
        await using (var authd = await AuthdHarness.StartAsync(certificates: new X509CertificateSetup(server)))
        {
            var result = await agent.RunAsync(authd.EndPoint, "agent-f", o => o with { CaFile = caFile, Manager = "localhost" });
            result.ExitCode.Should().Be(1);
            result.Stdout.Last().Should().StartWith("ERROR: Unable to verify server certificate: ");
        }

        using (var expired = TestCertificates.CreateLeaf(ca, "O=X,CN=localhost", ["localhost"], notBefore: DateTimeOffset.UtcNow.AddDays(-9), notAfter: DateTimeOffset.UtcNow.AddDays(-2)))
        await using (var authd = await AuthdHarness.StartAsync(certificates: new X509CertificateSetup(expired)))
        {
            var result = await agent.RunAsync(authd.EndPoint, "agent-f", o => o with { CaFile = caFile, Manager = "localhost" });
            result.ExitCode.Should().Be(1);
            result.Stdout.Last().Should().Contain("certificate has expired");
            File.ReadAllText(authd.Paths.ClientKeys).Should().BeEmpty();
        }

        agent.ClientKeys.Should().BeEmpty();
    }

    private static async Task<AuthdHarness> StartWithCaAsync(X509Certificate2 ca, AgentRunner agent)
    {
        var caFile = agent.Install.PathOf("agents-ca.pem");
        TestCertificates.WritePem(ca, caFile);
        return await AuthdHarness.StartAsync(o => o with { CaFile = caFile });
    }

    private static Func<OssecSharp.AgentAuth.AgentAuthOptions, OssecSharp.AgentAuth.AgentAuthOptions> WithClientCertificate(AgentRunner agent) =>
        o => o with { CertificateFile = agent.Install.PathOf("agent.cert"), KeyFile = agent.Install.PathOf("agent.key") };
}
