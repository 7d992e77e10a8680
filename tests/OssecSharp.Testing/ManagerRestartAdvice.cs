namespace OssecSharp.Tests.Common;

/// <summary>
/// A documented deviation from the recorded manage_agents sessions: on a manager OSSEC ends every change with
/// "You must restart OSSEC for your changes to take effect", although remoted reloads client.keys by itself. Ours
/// prints that advice only on an agent (whose agentd reads its key once), so a manager's recording is expected
/// minus exactly that advice: the blank line printed when nothing changed takes its place.
/// </summary>
internal static class ManagerRestartAdvice
{
    private const string Advice = "\n** You must restart OSSEC for your changes to take effect.\n\n";

    /// <summary>The recorded manager output without the advice (LF or, from a terminal, CRLF line ends).</summary>
    public static string Remove(string recorded) => recorded
        .Replace(Advice, "\n", StringComparison.Ordinal)
        .Replace(Advice.Replace("\n", "\r\n", StringComparison.Ordinal), "\r\n", StringComparison.Ordinal);
}
