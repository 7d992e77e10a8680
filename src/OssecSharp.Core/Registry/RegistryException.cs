namespace OssecSharp.Core.Registry;

/// <summary>The registry is misconfigured or cannot be reached; the message is one line for ossec.log.</summary>
public sealed class RegistryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RegistryException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public RegistryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public RegistryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
