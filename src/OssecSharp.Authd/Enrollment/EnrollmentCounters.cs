using System.Globalization;
using OssecSharp.Core.Metrics;

namespace OssecSharp.Authd.Enrollment;

/// <summary>How enrollment requests ended, for <c>var/run/ossec-authd.state</c> and <c>.prom</c>.</summary>
internal sealed class EnrollmentCounters
{
    private readonly long[] _byStatus = new long[Enum.GetValues<EnrollmentOutcomeStatus>().Length];

    public void Count(EnrollmentOutcomeStatus status) => Interlocked.Increment(ref _byStatus[(int)status]);

    public long this[EnrollmentOutcomeStatus status] => Interlocked.Read(ref _byStatus[(int)status]);

    public IEnumerable<KeyValuePair<string, string>> StateValues() =>
        Enum.GetValues<EnrollmentOutcomeStatus>().Select(s =>
            new KeyValuePair<string, string>("enrollments_" + Key(s), this[s].ToString(CultureInfo.InvariantCulture)));

    public IEnumerable<PromMetric> Metrics()
    {
        yield return new PromMetric("ossec_authd_enrollments_total", "counter", "Enrollment requests answered, by result.",
            [.. Enum.GetValues<EnrollmentOutcomeStatus>().Select(s => PromSample.Of("result", Key(s), this[s]))]);
    }

    private static string Key(EnrollmentOutcomeStatus status) => status switch
    {
        EnrollmentOutcomeStatus.Added => "added",
        EnrollmentOutcomeStatus.DuplicateName => "duplicate_name",
        EnrollmentOutcomeStatus.DuplicateIp => "duplicate_ip",
        _ => "error",
    };
}
