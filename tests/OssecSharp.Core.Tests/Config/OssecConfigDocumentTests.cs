using OssecSharp.Core.Config;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Config;

public sealed class OssecConfigDocumentTests
{
    [Fact]
    public void Several_roots_comments_and_line_numbers()
    {
        const string text = """
            <?xml version="1.0"?>
            <!-- first block -->
            <ossec_config>
              <client>
                <server-ip>10.0.0.1</server-ip>
              </client>
            </ossec_config>

            <ossec_config>
              <!-- <client> commented out </client> -->
              <localfile attr="x">
                <log_format>syslog</log_format>
                <location>/var/log/messages</location>
              </localfile>
            </ossec_config>
            """;
        var doc = OssecConfigDocument.Parse(text, "ossec.conf");

        doc.Roots.Should().HaveCount(2);
        var serverIp = doc.Sections("client").Single().Children.Single();
        serverIp.Path.Should().Be("client/server-ip");
        serverIp.Value.Should().Be("10.0.0.1");
        serverIp.Line.Should().Be(5);
        var localfile = doc.Sections("localfile").Single();
        localfile.Line.Should().Be(11);
        localfile.Attribute("attr").Should().Be("x");
        OssecSections.Validate(doc);
    }

    [Fact]
    public void Malformed_xml_names_file_and_line()
    {
        var act = () => OssecConfigDocument.Parse("<ossec_config>\n  <client>\n    <port>1</prt>\n  </client>\n</ossec_config>", "bad.conf");
        act.Should().Throw<ConfigException>().Where(e => e.File == "bad.conf" && e.Line == 3);
    }

    [Fact]
    public void Missing_file_is_a_config_error()
    {
        using var folder = new TempFolder();
        var act = () => OssecConfigDocument.Load(folder.Combine("nope.conf"));
        act.Should().Throw<ConfigException>().WithMessage("*nope.conf*");
    }

    [Fact]
    public void Unknown_and_empty_top_level_sections_are_reported_when_validating()
    {
        var unknown = OssecConfigDocument.Parse("<ossec_config>\n<bogus><a>1</a></bogus>\n</ossec_config>", "f");
        ((Action)(() => OssecSections.Validate(unknown))).Should().Throw<ConfigException>()
            .WithMessage("f:2: bogus: Invalid element in the configuration: 'bogus'.");
        var empty = OssecConfigDocument.Parse("<ossec_config>\n<syscheck/>\n</ossec_config>", "f");
        ((Action)(() => OssecSections.Validate(empty))).Should().Throw<ConfigException>().Where(e => e.Line == 2);
    }
}
