namespace OssecSharp.Core.Cli;

/// <summary>One single-letter OSSEC flag: <c>-d</c> (a switch, may repeat) or <c>-c &lt;config&gt;</c> (takes an argument).</summary>
/// <param name="Flag">The letter.</param>
/// <param name="ArgumentName">The argument's name shown in help (<c>config</c>), or null for a switch.</param>
/// <param name="Help">Help text lines; the first goes next to the flag, the others are indented below it.</param>
public sealed record OssecOption(char Flag, string? ArgumentName, params string[] Help)
{
    /// <summary>True when the flag needs an argument (attached <c>-c/path</c> or separate <c>-c /path</c>).</summary>
    public bool TakesArgument => ArgumentName is not null;
}
