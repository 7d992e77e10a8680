namespace OssecSharp.Remoted.Transport;

/// <summary>What <see cref="TcpConnectionTable.TryAdd"/> did with a new connection.</summary>
internal enum TcpAdmission
{
    /// <summary>Room was free.</summary>
    Admitted,

    /// <summary>The source was at its limit: its oldest unauthenticated connection was closed to make room.</summary>
    EvictedFromSource,

    /// <summary>The table was full: the oldest unauthenticated connection of any source was closed to make room.</summary>
    EvictedOldest,

    /// <summary>The source is at its limit and every one of its connections is an authenticated agent.</summary>
    RefusedSourceFull,

    /// <summary>The table is full of authenticated agents.</summary>
    RefusedTableFull,
}
