using System.Text;
using OssecSharp.Core.Hosting;
using OssecSharp.Core.Metrics;
using OssecSharp.Tests.Common;
using Serilog.Core;

namespace OssecSharp.Core.Tests.Metrics;

public sealed class PromTextFormatTests
{
    [Fact]
    public void Rendered_metrics_parse_strictly_with_escaped_label_values_and_help()
    {
        var text = PromTextFormat.Render(
        [
            PromMetric.Counter("ossec_test_events_total", "Events \\ with a\nnewline.", 42),
            new PromMetric("ossec_test_discarded_total", "counter", "By reason.",
                [PromSample.Of("reason", "a \"quoted\"\\odd\nvalue", 1), PromSample.Of("reason", "plain", 2)]),
            PromMetric.Gauge("ossec_test_ratio", "A gauge.", 0.25),
        ]);

        text.Should().Be(
            "# HELP ossec_test_events_total Events \\\\ with a\\nnewline.\n# TYPE ossec_test_events_total counter\nossec_test_events_total 42\n"
            + "# HELP ossec_test_discarded_total By reason.\n# TYPE ossec_test_discarded_total counter\n"
            + "ossec_test_discarded_total{reason=\"a \\\"quoted\\\"\\\\odd\\nvalue\"} 1\nossec_test_discarded_total{reason=\"plain\"} 2\n"
            + "# HELP ossec_test_ratio A gauge.\n# TYPE ossec_test_ratio gauge\nossec_test_ratio 0.25\n");
        var series = PromTextParser.Parse(Encoding.UTF8.GetBytes(text));
        series["ossec_test_discarded_total{reason=\"a \"quoted\"\\odd\nvalue\"}"].Should().Be(1);
        series["ossec_test_events_total"].Should().Be(42);
    }

    [Theory]
    [InlineData("x_total 1")]
    [InlineData("# TYPE x_total counter\nx_total 1\nx_total 2\n")]
    [InlineData("# TYPE x counter\nx 1\n")]
    [InlineData("# TYPE x_total counter\nx_total -1\n")]
    [InlineData("a 1\nb 1\na{l=\"v\"} 2\n")]
    [InlineData("a{l=\"v\\t\"} 1\n")]
    [InlineData("a{l=v} 1\n")]
    [InlineData("1a 1\n")]
    [InlineData("a one\n")]
    [InlineData("a 1\n# TYPE a gauge\n")]
    [InlineData("a 1\r\n")]
    public void Strict_parser_refuses_what_node_exporter_would(string text)
    {
        var act = () => PromTextParser.Parse(Encoding.UTF8.GetBytes(text));
        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void State_file_writer_replaces_the_prom_file_beside_the_state_file()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("ossec-test.state");
        var value = 1;
        var writer = new StateFileWriter(path, "ossec-test", () => [new("events", value.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            TimeSpan.FromSeconds(5), Logger.None, () => [PromMetric.Counter("ossec_test_events_total", "Events.", value)]);

        writer.WriteOnce().Should().BeTrue();
        value = 7;
        writer.WriteOnce().Should().BeTrue();

        PromTextParser.Parse(File.ReadAllBytes(temp.Combine("ossec-test.prom")))["ossec_test_events_total"].Should().Be(7);
        File.GetUnixFileMode(temp.Combine("ossec-test.prom")).Should().Be(PromTextFormat.FileMode);
        Directory.GetFiles(temp.Path).Select(Path.GetFileName).Should().BeEquivalentTo(["ossec-test.state", "ossec-test.prom"]);
    }
}
