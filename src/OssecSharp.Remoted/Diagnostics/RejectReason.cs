namespace OssecSharp.Remoted.Diagnostics;

/// <summary>Why remoted discarded a received message (counted per reason in the state file).</summary>
internal enum RejectReason
{
    /// <summary>No key entry for the source IP (1213).</summary>
    UnknownSource,

    /// <summary><c>!id!</c> names no entry, or the source is outside its ip/prefix (1408).</summary>
    InvalidId,

    /// <summary>Envelope not recognised: bad <c>!id!</c>, missing <c>:</c>, bad length (1403).</summary>
    BadFormat,

    /// <summary>Decryption produced garbage or bad padding: wrong key (1404).</summary>
    WrongKey,

    /// <summary>zlib stream invalid (2202).</summary>
    Decompress,

    /// <summary>md5 checksum mismatch (1406).</summary>
    Checksum,

    /// <summary>Same global counter, local not greater (1407).</summary>
    Duplicate,

    /// <summary>Global counter lower than stored: replay of an old message (1404 in OSSEC).</summary>
    OldCounter,

    /// <summary>Cipher not allowed by <c>crypto_accept</c>.</summary>
    Policy,

    /// <summary>Event payload not in <c>q:location:text</c> form (1106).</summary>
    BadEvent,

    /// <summary>Larger than any valid message.</summary>
    Oversize,

    /// <summary>Cluster: this node does not hold the agent (another node does, or it has not sent its start-up here).</summary>
    NotHeld,
}
