using System.Diagnostics;
using System.Globalization;

namespace OssecSharp.IntegrationTests.Fuzz;

/// <summary>
/// How long a fuzz test runs and with which seed: a few seconds and a fixed seed in CI; the long run
/// (<c>benchmarks/fuzz/run-long.sh</c>) sets <c>OSSECSHARP_FUZZ_SECONDS</c> and <c>OSSECSHARP_FUZZ_SEED</c>, and collects
/// one line per surface in <c>OSSECSHARP_FUZZ_REPORT</c>.
/// </summary>
internal sealed class FuzzBudget
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public FuzzBudget(string surface, double ciSeconds = 3)
    {
        Surface = surface;
        Duration = TimeSpan.FromSeconds(Read("OSSECSHARP_FUZZ_SECONDS") ?? ciSeconds);
        Seed = (int)(Read("OSSECSHARP_FUZZ_SEED") ?? 20261207);
    }

    public string Surface { get; }

    public int Seed { get; }

    public TimeSpan Duration { get; }

    public long Inputs { get; private set; }

    /// <summary>True while time is left; counts one input per call that returns true.</summary>
    public bool Next()
    {
        if (_clock.Elapsed >= Duration)
        {
            return false;
        }

        Inputs++;
        return true;
    }

    /// <summary>Appends this run's figures to the report file of the long run, if any.</summary>
    public void Report(string extra = "")
    {
        var path = Environment.GetEnvironmentVariable("OSSECSHARP_FUZZ_REPORT");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var line = string.Create(CultureInfo.InvariantCulture,
            $"{Surface}\tseed={Seed}\tseconds={_clock.Elapsed.TotalSeconds:F0}\tinputs={Inputs}\trate={Inputs / Math.Max(0.001, _clock.Elapsed.TotalSeconds):F0}/s\t{extra}\n");
        File.AppendAllText(path, line);
    }

    /// <summary>Why a failure happened, with the seed that replays it.</summary>
    public override string ToString() => $"{Surface} (seed {Seed}, {Inputs} inputs)";

    private static double? Read(string name) =>
        double.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
