namespace OssecSharp.Core.Crypto;

/// <summary>
/// Why a datagram was (not) decoded. Each failure names the OSSEC log line that the receiving daemon writes for it
/// (keys-and-crypto.md §6.2).
/// </summary>
public enum DecodeStatus
{
    /// <summary>Decoded and verified; counters and payload are valid.</summary>
    Ok,

    /// <summary>Zero-length datagram.</summary>
    Empty,

    /// <summary>A <c>!id!</c> prefix without a closing <c>!</c> or with a non-digit id: OSSEC (1403).</summary>
    BadIdPrefix,

    /// <summary>No <c>:</c> where the cipher part must start: OSSEC (1403) "Incorrectly formatted message".</summary>
    BadFormat,

    /// <summary>Ciphertext length impossible for the cipher (Blowfish: not a multiple of 8; AES: no IV or not blocks).</summary>
    WrongLength,

    /// <summary>AES padding invalid, or the plaintext does not start with <c>!</c>: OSSEC (1404) "Wrong key".</summary>
    WrongKey,

    /// <summary>Legacy uncompressed format (plaintext starts with <c>:</c>, OSSEC 0.x): not supported.</summary>
    LegacyFormat,

    /// <summary>The zlib stream is invalid: OSSEC (2202) "Error uncompressing string".</summary>
    DecompressFailed,

    /// <summary>The decompressed message exceeds 6144 bytes (OS_MAXSTR).</summary>
    TooLarge,

    /// <summary>The MD5 does not match the message: OSSEC (1406) "Checksum mismatch".</summary>
    ChecksumMismatch,

    /// <summary>The random/global/local header is malformed: OSSEC (1403).</summary>
    BadCounterFormat,
}
