namespace OssecSharp.Core.Protocol;

/// <summary>One file inside merged.mg.</summary>
/// <param name="Name">File name in <c>etc/shared</c>.</param>
/// <param name="Content">Exact file bytes.</param>
public sealed record MergedMgEntry(string Name, ReadOnlyMemory<byte> Content);
