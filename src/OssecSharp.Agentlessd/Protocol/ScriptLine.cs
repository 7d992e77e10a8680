namespace OssecSharp.Agentlessd.Protocol;

/// <summary>One parsed line of script output: its kind and the text after the prefix.</summary>
internal readonly record struct ScriptLine(ScriptLineKind Kind, string Text)
{
    /// <summary>
    /// Classifies a line (already split at CR and LF). The prefixes and their order are OSSEC's
    /// (<c>agentlessd/lessdi.c</c> <c>run_periodic_cmd</c>): <c>FWD:</c> and <c>LOG:</c> compare four characters
    /// and take the text from offset 5.
    /// </summary>
    public static ScriptLine Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.StartsWith("ERROR: ", StringComparison.Ordinal))
        {
            return new(ScriptLineKind.Error, line[7..]);
        }

        if (line.StartsWith("INFO: ", StringComparison.Ordinal))
        {
            return new(ScriptLineKind.Info, line[6..]);
        }

        if (line.StartsWith("FWD:", StringComparison.Ordinal))
        {
            return new(ScriptLineKind.Forward, line.Length > 5 ? line[5..] : string.Empty);
        }

        if (line.StartsWith("LOG:", StringComparison.Ordinal))
        {
            return new(ScriptLineKind.Log, line.Length > 5 ? line[5..] : string.Empty);
        }

        if (line.StartsWith("STORE: ", StringComparison.Ordinal))
        {
            return new(ScriptLineKind.Store, line[7..]);
        }

        if (line.StartsWith("DATA: ", StringComparison.Ordinal))
        {
            return new(ScriptLineKind.Data, line[6..]);
        }

        if (line.StartsWith("REJECT: ", StringComparison.Ordinal))
        {
            return new(ScriptLineKind.Reject, line[8..]);
        }

        return new(ScriptLineKind.Other, line);
    }
}
