namespace OssecSharp.Core.Keys;

/// <summary>What one line (or one fgets chunk of an over-long line) of client.keys is, by OS_ReadKeys' rules.</summary>
internal enum KeyRecordKind
{
    /// <summary>Starts with a space, or a <c>#</c> line that is not a removed-id marker: ignored.</summary>
    Skipped,

    /// <summary><c>&lt;id&gt; &lt;name&gt; &lt;ip&gt; &lt;key&gt;</c>; live when its ip field is valid.</summary>
    Entry,

    /// <summary><c>&lt;id&gt; #…</c>: a removed agent, its id stays used.</summary>
    Removed,

    /// <summary>The REUSE_ID form <c>#&lt;id&gt; #*#*…</c>: its id stays used.</summary>
    ReuseMarker,

    /// <summary>No space at all (an empty line included).</summary>
    NoSpace,

    /// <summary>An id but fewer than three spaces.</summary>
    MissingFields,
}
