namespace OssecSharp.Core.Keys;

/// <summary>Why a client.keys line was skipped or flagged.</summary>
public enum KeyLoadProblemKind
{
    /// <summary>Missing the first, second or third space: OSSEC logs 1401 and skips the line.</summary>
    Malformed,

    /// <summary>The ip field does not parse: OSSEC's daemons exit with 1237; ours skip the line and say so.</summary>
    InvalidIp,

    /// <summary>The key ends in <c>\r</c> (CRLF file): kept, as OSSEC does, but worth a warning.</summary>
    CarriageReturnInKey,

    /// <summary>A line longer than OSSEC's 2048-byte buffer was split; the remainder was parsed as a line.</summary>
    LineTooLong,

    /// <summary>The id is not 1-8 digits (OS_IsValidID): skipped, ids name files.</summary>
    InvalidId,

    /// <summary>The name has a character outside <c>[A-Za-z0-9._-]</c> (OS_IsValidName): skipped, names name files.</summary>
    InvalidName,

    /// <summary>An earlier live line has the same id: skipped (the first one is the agent).</summary>
    DuplicateId,
}
