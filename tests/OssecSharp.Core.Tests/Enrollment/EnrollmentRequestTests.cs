using System.Text;
using OssecSharp.Core.Protocol;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Enrollment;

public sealed class EnrollmentRequestTests
{
    private static readonly byte[] s_password = "s3cretPW"u8.ToArray();

    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        using var doc = SharedReference.LoadVectors("enrollment.json");
        foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            data.Add(v.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Format_reproduces_the_bytes_real_agent_auth_sent(string vectorName)
    {
        var v = Vector(vectorName);
        var name = AgentNameFromArgs(v.GetProperty("agent_auth_args").GetString()!);
        var passHex = v.GetProperty("agent_password_file_content_hex");
        var password = passHex.ValueKind == System.Text.Json.JsonValueKind.Null
            ? null
            : Encoding.UTF8.GetString(Convert.FromHexString(passHex.GetString()!));

        var bytes = EnrollmentRequest.Format(name, password);

        Convert.ToHexStringLower(bytes).Should().Be(v.GetProperty("agent_to_authd_hex")[0].GetString());
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void TryParse_accepts_or_refuses_each_vector_as_ossec_authd_did_or_better(string vectorName)
    {
        var v = Vector(vectorName);
        var request = Convert.FromHexString(v.GetProperty("agent_to_authd_hex")[0].GetString()!);
        var mode = v.GetProperty("authd_mode").GetString()!;
        var password = mode.Contains("-n", StringComparison.Ordinal) ? [] : s_password;
        var log = string.Join("\n", v.GetProperty("authd_log_lines").EnumerateArray().Select(e => e.GetString()));

        var status = EnrollmentRequest.TryParse(request, password, out var name);

        if (vectorName == "password-right-with-newline")
        {
            // OSSEC refused this real agent-auth request (its password file ends in a newline); we accept it (§6.2).
            status.Should().Be(EnrollmentRequestStatus.Ok);
            Encoding.UTF8.GetString(name).Should().Be("pw-nl");
        }
        else if (vectorName == "random-password-mode")
        {
            EnrollmentRequest.TryParse(request, "0123456789abcdef0123456789abcdef"u8, out _)
                .Should().Be(EnrollmentRequestStatus.InvalidPassword);
        }
        else if (log.Contains("Invalid password", StringComparison.Ordinal))
        {
            status.Should().Be(EnrollmentRequestStatus.InvalidPassword);
        }
        else if (log.Contains("Invalid request", StringComparison.Ordinal))
        {
            status.Should().Be(EnrollmentRequestStatus.UnexpectedPassword);
        }
        else
        {
            status.Should().Be(EnrollmentRequestStatus.Ok);
            var received = log.Split('\n')[1];
            received.Should().Contain($"({Encoding.UTF8.GetString(name)})");
        }
    }

    [Theory]
    [InlineData("OSSEC PASS: s3cretPW OSSEC A:'a1'\n", EnrollmentRequestStatus.Ok)]
    [InlineData("OSSEC PASS: s3cretPW\r\n OSSEC A:'a1'\n", EnrollmentRequestStatus.Ok)]
    [InlineData("OSSEC PASS: s3cretPW\n OSSEC A:'a1'\n", EnrollmentRequestStatus.Ok)]
    [InlineData("OSSEC PASS: s3cretP OSSEC A:'a1'\n", EnrollmentRequestStatus.InvalidPassword)]
    [InlineData("OSSEC PASS: s3cretPWx OSSEC A:'a1'\n", EnrollmentRequestStatus.InvalidPassword)]
    [InlineData("OSSEC PASS: S3CRETPW OSSEC A:'a1'\n", EnrollmentRequestStatus.InvalidPassword)]
    [InlineData("OSSEC PASS: ", EnrollmentRequestStatus.InvalidPassword)]
    [InlineData("", EnrollmentRequestStatus.InvalidPassword)]
    [InlineData("OSSEC A:'a1'\n", EnrollmentRequestStatus.InvalidPassword)]
    [InlineData("OSSEC PASS: s3cretPW OSSEC B:'a1'\n", EnrollmentRequestStatus.InvalidRequest)]
    [InlineData("OSSEC PASS: s3cretPW OSSEC A:'a1\n", EnrollmentRequestStatus.InvalidRequest)]
    public void TryParse_with_password(string request, EnrollmentRequestStatus expected)
    {
        EnrollmentRequest.TryParse(Encoding.UTF8.GetBytes(request), s_password, out _).Should().Be(expected);
    }

    [Theory]
    [InlineData("OSSEC A:'web01'\n", EnrollmentRequestStatus.Ok, "web01")]
    [InlineData("OSSEC A:''\n", EnrollmentRequestStatus.Ok, "")]
    [InlineData("OSSEC A:'ab'cd'\n", EnrollmentRequestStatus.Ok, "ab")]
    [InlineData("OSSEC A:web01\n", EnrollmentRequestStatus.InvalidRequest, "")]
    [InlineData("GET / HTTP/1.1\r\n", EnrollmentRequestStatus.InvalidRequest, "")]
    [InlineData("OSSEC PASS: x OSSEC A:'web01'\n", EnrollmentRequestStatus.UnexpectedPassword, "")]
    public void TryParse_without_password(string request, EnrollmentRequestStatus expected, string expectedName)
    {
        var status = EnrollmentRequest.TryParse(Encoding.UTF8.GetBytes(request), default, out var name);

        status.Should().Be(expected);
        Encoding.UTF8.GetString(name).Should().Be(expectedName);
    }

    [Fact]
    public void A_long_server_password_also_matches_the_32_bytes_real_agent_auth_sends()
    {
        var password = Encoding.ASCII.GetBytes(new string('k', 40));
        var truncated = "OSSEC PASS: " + new string('k', 32) + " OSSEC A:'a1'\n";
        var full = "OSSEC PASS: " + new string('k', 40) + " OSSEC A:'a1'\n";
        var shorter = "OSSEC PASS: " + new string('k', 31) + " OSSEC A:'a1'\n";

        EnrollmentRequest.TryParse(Encoding.ASCII.GetBytes(truncated), password, out _).Should().Be(EnrollmentRequestStatus.Ok);
        EnrollmentRequest.TryParse(Encoding.ASCII.GetBytes(full), password, out _).Should().Be(EnrollmentRequestStatus.Ok);
        EnrollmentRequest.TryParse(Encoding.ASCII.GetBytes(shorter), password, out _).Should().Be(EnrollmentRequestStatus.InvalidPassword);
    }

    [Fact]
    public void TryParse_never_throws_on_random_bytes()
    {
        var random = new Random(1515);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            if (i % 3 == 0)
            {
                "OSSEC PASS: s3cretPW OSSEC A:'"u8.ToArray().AsSpan(0, Math.Min(bytes.Length, 30)).CopyTo(bytes);
            }

            var act = () => EnrollmentRequest.TryParse(bytes, s_password, out _);
            act.Should().NotThrow();
        }
    }

    internal static System.Text.Json.JsonElement Vector(string name)
    {
        using var doc = SharedReference.LoadVectors("enrollment.json");
        return doc.RootElement.GetProperty("vectors").EnumerateArray()
            .First(v => v.GetProperty("name").GetString() == name).Clone();
    }

    internal static string AgentNameFromArgs(string args)
    {
        var start = args.IndexOf("-A ", StringComparison.Ordinal) + 3;
        var end = args.IndexOf(" -P", start, StringComparison.Ordinal);
        return end < 0 ? args[start..] : args[start..end];
    }
}
