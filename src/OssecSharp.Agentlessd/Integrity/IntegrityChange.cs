namespace OssecSharp.Agentlessd.Integrity;

/// <summary>One difference between two passes over a host: the old and/or new checksum of a path.</summary>
internal readonly record struct IntegrityChange(IntegrityChangeKind Kind, string Path, string? OldChecksum, string? NewChecksum);
