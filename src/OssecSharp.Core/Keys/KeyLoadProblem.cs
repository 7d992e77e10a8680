namespace OssecSharp.Core.Keys;

/// <summary>A problem found while loading client.keys; loading never fails because of one.</summary>
/// <param name="LineNumber">1-based line number.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Text">The text OSSEC would log (for 1401: the line cut at its first space; for 1237: the ip).</param>
public sealed record KeyLoadProblem(int LineNumber, KeyLoadProblemKind Kind, string Text);
