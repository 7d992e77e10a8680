using System.Globalization;
using BenchmarkDotNet.Attributes;
using OssecSharp.Agentlessd.Integrity;
using OssecSharp.Agentlessd.Protocol;

namespace OssecSharp.Benchmarks.Agentless;

/// <summary>
/// The manager-side work of one integrity pass over 10,000 remote files: split the script output into lines,
/// classify them, validate the records, compare with the previous pass and write the new snapshot.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class IntegrityPassBenchmarks
{
    private const int Files = 10_000;
    private string _output = string.Empty;
    private IntegritySnapshot _previous = new();
    private string _snapshotFile = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var lines = new List<string> { "INFO: Started.", "INFO: Starting." };
        for (var i = 0; i < Files; i++)
        {
            lines.Add(Line(i, i % 100 == 0 ? "ffffffffffffffffffffffffffffffff" : null));
            var parsed = IntegrityRecord.TryParse(Line(i, null)[5..], out var record);
            if (parsed == IntegrityRecord.Rejection.None)
            {
                _previous.Add(record);
            }
        }

        lines.Add("INFO: Finished.");
        _output = string.Join("\n", lines) + "\n";
        _snapshotFile = Path.Combine(Path.GetTempPath(), "agentless-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_snapshotFile);

    /// <summary>Parse + compare only (what a pass costs besides the disk).</summary>
    [Benchmark]
    public async Task<int> ParseAndCompare() => (await ParseAsync()).CompareTo(_previous).Count;

    /// <summary>Parse + compare + atomic snapshot write (fsync included).</summary>
    [Benchmark]
    public async Task<int> ParseCompareAndSave()
    {
        var snapshot = await ParseAsync();
        var changes = snapshot.CompareTo(_previous).Count;
        snapshot.Save(_snapshotFile);
        return changes;
    }

    private async Task<IntegritySnapshot> ParseAsync()
    {
        var reader = new LineReader(new StringReader(_output));
        var snapshot = new IntegritySnapshot();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } text)
        {
            var line = ScriptLine.Parse(text);
            if (line.Kind == ScriptLineKind.Forward && IntegrityRecord.TryParse(line.Text, out var record) == IntegrityRecord.Rejection.None)
            {
                snapshot.Add(record);
            }
        }

        return snapshot;
    }

    private static string Line(int i, string? md5) =>
        string.Create(CultureInfo.InvariantCulture,
            $"FWD: {i * 7}:644:1001:1001:{md5 ?? "9559377653a21966a373d58037fa6b7c"}:6b4fa25e8f2907338bef29ceef2fd82c5d72d63f /srv/data/d{i / 100}/file {i}.txt");
}
