namespace OssecSharp.Core.Metrics;

/// <summary>A metric family in Prometheus' text format: name, type, help text and its series.</summary>
/// <param name="Name">Prometheus name (<c>ossec_remoted_events_total</c>); counters end in <c>_total</c>.</param>
/// <param name="Type"><c>counter</c> or <c>gauge</c>.</param>
/// <param name="Help">One line saying what it counts.</param>
/// <param name="Samples">Its series.</param>
public sealed record PromMetric(string Name, string Type, string Help, IReadOnlyList<PromSample> Samples)
{
    /// <summary>A counter with one unlabelled series.</summary>
    public static PromMetric Counter(string name, string help, double value) => new(name, "counter", help, [PromSample.Of(value)]);

    /// <summary>A gauge with one unlabelled series.</summary>
    public static PromMetric Gauge(string name, string help, double value) => new(name, "gauge", help, [PromSample.Of(value)]);
}
