using System.Text;
using OssecSharp.Core.Protocol;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Enrollment;

public sealed class EnrollmentResponseTests
{
    [Fact]
    public void Every_vector_reply_is_formatted_and_classified_like_ossec()
    {
        using var doc = SharedReference.LoadVectors("enrollment.json");
        var seenKey = false;
        var seenError = false;
        foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            var records = v.GetProperty("authd_to_agent_hex").EnumerateArray().Select(e => Convert.FromHexString(e.GetString()!)).ToList();
            var stdout = v.GetProperty("agent_auth_stdout").EnumerateArray().Select(e => e.GetString()!).ToList();
            foreach (var record in records)
            {
                var status = EnrollmentResponse.Classify(record, out var key, out var error);
                if (status == EnrollmentKeyStatus.Ok)
                {
                    seenKey = true;
                    EnrollmentResponse.FormatKey(key!).Should().Equal(record);
                    (key!.ToString() + "\n").Should().Be(v.GetProperty("agent_client_keys_written").GetString());
                }
                else
                {
                    seenError = true;
                    status.Should().Be(EnrollmentKeyStatus.Error);
                    stdout.Should().Contain(error + " (from manager)");
                    EnrollmentResponse.FormatError(error!["ERROR: ".Length..]).Should().Equal(record);
                }
            }
        }

        seenKey.Should().BeTrue();
        seenError.Should().BeTrue();
    }

    [Theory]
    [InlineData("OSSEC K:'1024 web01 any 39c0f60add0fda7426210b9d1afe0835a4bd3dfb8d411571bd934306a4673d1e'\n\n", EnrollmentKeyStatus.Ok)]
    [InlineData("OSSEC K:'1024 web01 10.1.2.3 39c0f60add0fda7426210b9d1afe0835a4bd3dfb8d411571bd934306a4673d1e'\n\n", EnrollmentKeyStatus.Ok)]
    [InlineData("OSSEC K:'1024 web01 2001:db8::1 39c0f60add0fda7426210b9d1afe0835a4bd3dfb8d411571bd934306a4673d1e'\n\n", EnrollmentKeyStatus.Ok)]
    [InlineData("OSSEC K:'1024 web01 10.0.0.0/8 39c0f60add0fda7426210b9d1afe0835a4bd3dfb8d411571bd934306a4673d1e'\n\n", EnrollmentKeyStatus.InvalidFields)]
    [InlineData("OSSEC K:'1024 web01 any 39c0f60add0fda74'\n\n", EnrollmentKeyStatus.InvalidFields)]
    [InlineData("OSSEC K:'123456789 web01 any 39c0f60add0fda7426210b9d1afe0835a4bd3dfb8d411571bd934306a4673d1e'", EnrollmentKeyStatus.InvalidFields)]
    [InlineData("OSSEC K:'1024 w any 39c0f60add0fda7426210b9d1afe0835a4bd3dfb8d411571bd934306a4673d1e'", EnrollmentKeyStatus.InvalidFields)]
    [InlineData("OSSEC K:'1024 web01 any'", EnrollmentKeyStatus.InvalidFields)]
    [InlineData("OSSEC K:'1024 web01 any 39c0", EnrollmentKeyStatus.Unterminated)]
    [InlineData("ERROR: Invalid agent name: x\n\n", EnrollmentKeyStatus.Error)]
    [InlineData("HTTP/1.1 400 Bad Request", EnrollmentKeyStatus.Unknown)]
    public void Classify_validates_keys_as_ossec_4_agent_auth(string record, EnrollmentKeyStatus expected)
    {
        EnrollmentResponse.Classify(Encoding.UTF8.GetBytes(record), out _, out _).Should().Be(expected);
    }

    [Theory]
    [InlineData("web-01.example.com", true)]
    [InlineData("10.9.8.7", true)]
    [InlineData("a_b", true)]
    [InlineData("ab", true)]
    [InlineData("a", false)]
    [InlineData("bad name", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("ab'cd", false)]
    [InlineData("héhé", false)]
    public void Agent_names_follow_ossec_rules(string name, bool valid)
    {
        EnrollmentNames.IsValid(name).Should().Be(valid);
    }

    [Fact]
    public void Agent_name_length_limits_are_2_to_128()
    {
        EnrollmentNames.IsValid(new string('a', 128)).Should().BeTrue();
        EnrollmentNames.IsValid(new string('a', 129)).Should().BeFalse();
    }

    [Fact]
    public void Printable_hides_control_characters_that_could_forge_log_lines()
    {
        EnrollmentNames.Printable("a\nb\rc").Should().Be("a?b?c");
        EnrollmentNames.Printable("web01").Should().Be("web01");
    }
}
