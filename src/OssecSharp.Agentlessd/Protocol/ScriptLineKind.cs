namespace OssecSharp.Agentlessd.Protocol;

/// <summary>What one line printed by an agentless script means (OSSEC's prefixes plus our framing ones).</summary>
internal enum ScriptLineKind
{
    /// <summary>No known prefix: stored while a store is open, else a debug line (OSSEC's "buffer:").</summary>
    Other,

    /// <summary><c>ERROR: </c>: logged; the run of this host failed and reading stops.</summary>
    Error,

    /// <summary><c>INFO: </c>: logged.</summary>
    Info,

    /// <summary><c>FWD:</c>: an integrity record.</summary>
    Forward,

    /// <summary><c>LOG:</c>: a log line for the analysis queue.</summary>
    Log,

    /// <summary><c>STORE: </c>: what follows is the output to diff.</summary>
    Store,

    /// <summary><c>DATA: </c> (OssecSharp scripts): one line of remote output, never interpreted.</summary>
    Data,

    /// <summary><c>REJECT: </c> (OssecSharp scripts): a remote file that cannot be reported (bad name).</summary>
    Reject,
}
