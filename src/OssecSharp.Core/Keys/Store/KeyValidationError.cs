namespace OssecSharp.Core.Keys;

/// <summary>Why an add or update of client.keys was refused.</summary>
public enum KeyValidationError
{
    /// <summary>Accepted.</summary>
    None,

    /// <summary>Name not 2–128 chars of <c>[A-Za-z0-9._-]</c>.</summary>
    InvalidName,

    /// <summary>Id not 1–8 digits.</summary>
    InvalidId,

    /// <summary>Ip field does not parse.</summary>
    InvalidIp,

    /// <summary>Key empty, too long, or containing a space or line break.</summary>
    InvalidKey,

    /// <summary>A live entry already has this name.</summary>
    DuplicateName,

    /// <summary>A live entry already has this exact ip string (never for <c>any</c> or CIDR forms).</summary>
    DuplicateIp,

    /// <summary>The id is used by a live or removed entry.</summary>
    DuplicateId,

    /// <summary>No id could be allocated.</summary>
    NoFreeId,

    /// <summary>Remove/update of an id that is not a live entry.</summary>
    NotFound,
}
