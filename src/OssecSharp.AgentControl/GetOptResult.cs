namespace OssecSharp.AgentControl;

/// <summary>The options in order, the operands, and the first bad flag if any.</summary>
internal sealed record GetOptResult(
    IReadOnlyList<(char Flag, string? Value)> Options, IReadOnlyList<string> Operands, char? BadFlag, bool MissingArgument)
{
    public static GetOptResult Failed(IReadOnlyList<(char Flag, string? Value)> parsedSoFar, char flag, bool missingArgument) =>
        new(parsedSoFar, [], flag, missingArgument);
}
