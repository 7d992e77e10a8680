namespace OssecSharp.Core.Hosting;

/// <summary>
/// A configuration loader or <see cref="IDaemon.PrepareAsync"/> refuses to start and has already logged OSSEC's lines
/// for it (agentlessd logs each configuration error, then 1202 and 7101): the host exits 1 without another line.
/// </summary>
public sealed class StartupRefusedException : Exception
{
    /// <summary>Creates the exception (the message is for debuggers only: it is never logged).</summary>
    public StartupRefusedException()
        : base("Start-up refused; the reason has been logged.")
    {
    }

    /// <summary>Creates the exception with a message that is never logged.</summary>
    public StartupRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that is never logged and its cause.</summary>
    public StartupRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
