namespace OssecSharp.Core.Net.Tls;

/// <summary>
/// A certificate, key or CA file could not be used. The message is OSSEC's log line for the case
/// (e.g. <c>Unable to read certificate file (not found): etc/sslmanager.cert</c>).
/// </summary>
public sealed class TlsSetupException : Exception
{
    /// <summary>Creates the exception with OSSEC's message.</summary>
    public TlsSetupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with OSSEC's message and the underlying cause.</summary>
    public TlsSetupException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TlsSetupException()
    {
    }
}
