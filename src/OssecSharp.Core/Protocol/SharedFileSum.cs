namespace OssecSharp.Core.Protocol;

/// <summary>One <c>&lt;md5&gt; &lt;name&gt;</c> line of a keepalive (merged.mg, or a file of an old per-file agent).</summary>
/// <param name="Md5">md5hex of the agent's copy, or <c>x</c> when it has none.</param>
/// <param name="Name">File name, e.g. <c>merged.mg</c>.</param>
public sealed record SharedFileSum(string Md5, string Name);
