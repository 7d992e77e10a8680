namespace OssecSharp.Agentd.Session;

/// <summary>
/// The timing of OSSEC's <c>start_agent</c> (channel-control §5.2), in units of one "step" (one second in OSSEC):
/// six waits for the ack of 1, 2, …, 6 steps (21 in all), the startup message sent again after the 3rd, 4th and
/// 5th; then a pause between rounds that starts at 1 step and grows by 5 steps when the server changed or by
/// 3 × 6 = 18 steps when it did not. OSSEC lets that pause grow forever; we stop it at <see cref="MaxPauseSteps"/>
/// so an agent whose manager was down for a day still reconnects within minutes of its return.
/// </summary>
internal sealed class HandshakeSchedule
{
    /// <summary>Number of ack waits per round (OSSEC: <c>while (attempts &lt;= 5)</c>).</summary>
    public const int Attempts = 6;

    /// <summary>Longest pause between two rounds, in steps.</summary>
    public const int MaxPauseSteps = 300;

    private int _pauseSteps = 1;

    public HandshakeSchedule(TimeSpan step)
    {
        Step = step;
    }

    public TimeSpan Step { get; }

    /// <summary>How long to wait for the ack in attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan AckWait(int attempt) => Step * attempt;

    /// <summary>True when the startup message is sent again after attempt <paramref name="attempt"/> timed out.</summary>
    public static bool ResendAfter(int attempt) => attempt is >= 3 and < Attempts;

    /// <summary>The pause after a failed round, then grows it for the next one.</summary>
    public TimeSpan NextPause(bool serverChanged)
    {
        var pause = Step * _pauseSteps;
        _pauseSteps = Math.Min(MaxPauseSteps, _pauseSteps + (serverChanged ? 5 : 3 * Attempts));
        return pause;
    }

    /// <summary>After a successful handshake the back-off starts over.</summary>
    public void Reset() => _pauseSteps = 1;
}
