namespace OssecSharp.Core.Metrics;

/// <summary>One series of a metric: its labels (name, value) and its value.</summary>
/// <param name="Labels">Label pairs, in the order written; empty for a metric without labels.</param>
/// <param name="Value">The sample value.</param>
public sealed record PromSample(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value)
{
    /// <summary>A series without labels.</summary>
    public static PromSample Of(double value) => new([], value);

    /// <summary>A series with one label.</summary>
    public static PromSample Of(string label, string labelValue, double value) => new([new(label, labelValue)], value);
}
