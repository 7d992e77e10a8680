namespace OssecSharp.Remoted.Agents;

/// <summary>Outcome of finding the agent of a datagram.</summary>
internal enum LookupResult
{
    Found,

    /// <summary>No entry has the source IP as ip string (OSSEC 1213).</summary>
    UnknownSource,

    /// <summary>The <c>!id!</c> is unknown or the source is outside its ip/prefix (OSSEC 1408).</summary>
    InvalidId,
}
