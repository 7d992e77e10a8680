namespace OssecSharp.Core.Layout;

/// <summary>The kind of install, from <c>TYPE="…"</c> in <c>etc/ossec-init.conf</c>.</summary>
public enum InstallType
{
    /// <summary>No <c>ossec-init.conf</c> or no TYPE line.</summary>
    Unknown = 0,

    /// <summary>A manager (<c>TYPE="server"</c>).</summary>
    Server,

    /// <summary>An agent (<c>TYPE="agent"</c>).</summary>
    Agent,

    /// <summary>A stand-alone install (<c>TYPE="local"</c>).</summary>
    Local,
}
