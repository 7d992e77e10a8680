namespace OssecSharp.Core.Protocol;

/// <summary>Outcome of parsing one enrollment request (the single TLS read of ossec-authd).</summary>
public enum EnrollmentRequestStatus
{
    /// <summary>A well-formed request with the right password (or none needed).</summary>
    Ok,

    /// <summary>The server wants a password and the request has none or a wrong one (OSSEC closes silently).</summary>
    InvalidPassword,

    /// <summary>The request does not start with <c>OSSEC A:'</c> or has no closing quote.</summary>
    InvalidRequest,

    /// <summary>The server runs without a password (<c>-n</c>) and the client sent one; OSSEC treats it as an invalid request.</summary>
    UnexpectedPassword,
}
