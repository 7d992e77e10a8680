namespace OssecSharp.Core.Config;

/// <summary>The kind of a <c>&lt;remote&gt;</c> listener.</summary>
public enum RemoteConnection
{
    /// <summary>The encrypted agent channel.</summary>
    Secure,

    /// <summary>Plain syslog from allowed hosts.</summary>
    Syslog,
}
