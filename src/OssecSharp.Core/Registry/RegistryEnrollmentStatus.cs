namespace OssecSharp.Core.Registry;

/// <summary>What the registry did with one enrollment.</summary>
public enum RegistryEnrollmentStatus
{
    /// <summary>Committed: durable in the registry.</summary>
    Added,

    /// <summary>The name and every <c>name2</c> … <c>name255</c> are taken.</summary>
    DuplicateName,

    /// <summary>A live agent is registered with the source address.</summary>
    DuplicateIp,
}
