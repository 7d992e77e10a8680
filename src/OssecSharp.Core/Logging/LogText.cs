namespace OssecSharp.Core.Logging;

/// <summary>
/// Untrusted text quoted in a log line (an agent id, a name, a sample of a line) is capped, so one hostile input
/// cannot make a line of thousands of characters (issue #13 item 8: a 5,000-digit agent id gave a 5,091-char line).
/// </summary>
public static class LogText
{
    /// <summary>Most characters of untrusted input quoted in one log line.</summary>
    public const int MaxQuoted = 128;

    /// <summary><paramref name="text"/> itself when short enough, else its first <paramref name="max"/> characters,
    /// then <c>...</c> and the full length, so the reader knows it was cut.</summary>
    public static string Quote(string text, int max = MaxQuoted)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max), $"...({text.Length} chars)");
    }
}
