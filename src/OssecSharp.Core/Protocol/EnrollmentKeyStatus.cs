namespace OssecSharp.Core.Protocol;

/// <summary>What agent-auth makes of one record received from the manager.</summary>
public enum EnrollmentKeyStatus
{
    /// <summary>A valid <c>OSSEC K:'id name ip key'</c> record.</summary>
    Ok,

    /// <summary>An <c>ERROR…</c> record from the manager.</summary>
    Error,

    /// <summary><c>OSSEC K:'</c> without its closing quote (OSSEC: "Invalid key received.").</summary>
    Unterminated,

    /// <summary>A key record whose fields fail 4.x validation (OSSEC: "Invalid key received (2).").</summary>
    InvalidFields,

    /// <summary>Anything else.</summary>
    Unknown,
}
