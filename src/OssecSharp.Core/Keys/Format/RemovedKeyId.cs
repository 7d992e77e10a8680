namespace OssecSharp.Core.Keys;

/// <summary>The id of a removed client.keys line.</summary>
/// <param name="Id">The id the line carried.</param>
/// <param name="ReuseForm">True for the REUSE_ID form <c>#&lt;id&gt; #*#*…</c> (the whole line starts with <c>#</c>).</param>
/// <param name="LineNumber">1-based line number.</param>
public sealed record RemovedKeyId(string Id, bool ReuseForm, int LineNumber);
