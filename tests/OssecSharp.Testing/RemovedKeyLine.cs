namespace OssecSharp.Tests.Common;

/// <summary>A client.keys line as OSSEC's manage_agents leaves it once removed.</summary>
internal static class RemovedKeyLine
{
    // What a removal leaves after "<id> " on a line of that many bytes: OSSEC's marker continued to the end.
    /// <summary>The line with "&lt;id&gt; #*#*…#" (21 bytes) over the start, the rest kept.</summary>
    public static string Of(string line)
    {
        const string marker = "#*#*#*#*#*#*#*#*#*#*#";
        var start = line.IndexOf(' ', StringComparison.Ordinal) + 1;
        var length = Math.Min(marker.Length, line.Length - start);
        return line[..start] + marker[..length] + line[(start + length)..];
    }
}
