namespace OssecSharp.Remoted.Shared;

/// <summary>One file of <c>etc/shared</c> as it went into merged.mg.</summary>
internal sealed record SharedFile(string Name, byte[] Content, string Md5);
