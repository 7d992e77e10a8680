namespace OssecSharp.Agentlessd.Integrity;

internal enum IntegrityChangeKind
{
    Added,
    Removed,
    Modified,
}
