namespace OssecSharp.Core.Keys;

/// <summary>A problem found while loading client.keys; loading never fails because of one.</summary>
/// <param name="LineNumber">1-based line number.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Text">
/// The text OSSEC would log (for 1401: the line, or its id when fields are missing; for 1237: the ip), or the field at
/// fault (the id or name).
/// </param>
/// <param name="Detail">The line's agent id (invalid ip or name), or the line number holding the id first (duplicate).</param>
public sealed record KeyLoadProblem(int LineNumber, KeyLoadProblemKind Kind, string Text, string? Detail = null);
