namespace OssecSharp.Core.Protocol;

/// <summary>
/// The <c>#!-</c> control messages of the secure channel, both directions, in one place (channel-control.md §2–§4,
/// §7, and OssecSharp's extension, docs/protocol-extensions.md). An instance is one parsed payload
/// (<see cref="FromAgent"/> on the manager, <see cref="FromManager"/> on the agent); the static members are every
/// message's bytes and formats. Pure, no I/O, and parsing allocates nothing. Trailing spaces are part of the messages.
/// </summary>
/// <remarks>
/// OSSEC's C code compares control messages as C strings: on both sides a message ends at its first NUL, and what
/// follows (<see cref="Trailer"/>) is where OssecSharp's extension rides, unseen by OSSEC.
/// </remarks>
public readonly ref partial struct ControlMessage
{
    private ControlMessage(ControlKind kind, ReadOnlySpan<byte> argument, bool hasTrailer = false, ReadOnlySpan<byte> trailer = default)
    {
        Kind = kind;
        Argument = argument;
        HasTrailer = hasTrailer;
        Trailer = trailer;
    }

    /// <summary>What the payload is.</summary>
    public ControlKind Kind { get; }

    /// <summary>
    /// What follows the message's keyword: the command of <see cref="ControlKind.Execd"/>, <c>&lt;md5&gt; &lt;name&gt;\n</c>
    /// of <see cref="ControlKind.UpFile"/>, the whole body (after <c>#!-</c>) of <see cref="ControlKind.Keepalive"/> and
    /// <see cref="ControlKind.Other"/>, the payload itself for <see cref="ControlKind.Event"/>; empty for fixed messages.
    /// </summary>
    public ReadOnlySpan<byte> Argument { get; }

    /// <summary>Whether a NUL ended the message before the end of the payload (a start-up or ack with a trailer).</summary>
    public bool HasTrailer { get; }

    /// <summary>The bytes after that NUL, which OSSEC never reads (empty without one).</summary>
    public ReadOnlySpan<byte> Trailer { get; }

    /// <summary>True when the payload is a control message (starts with <c>#!-</c>).</summary>
    public static bool IsControl(ReadOnlySpan<byte> payload) => payload.StartsWith(Prefix);

    /// <summary>The control body: the payload without <c>#!-</c> (empty for an event).</summary>
    public static ReadOnlySpan<byte> Body(ReadOnlySpan<byte> payload) => IsControl(payload) ? payload[Prefix.Length..] : default;

    /// <summary>
    /// Parses a decrypted payload from an agent as OSSEC's remoted does (<c>save_controlmsg</c>, channel-control.md
    /// §3.1): <c>agent startup </c> as a C string is a start-up, Wazuh's <c>agent shutdown </c> is recognised, and any
    /// other body is a keepalive (a body without a newline is then an invalid one, for the handler to report).
    /// </summary>
    public static ControlMessage FromAgent(ReadOnlySpan<byte> payload)
    {
        if (!IsControl(payload))
        {
            return new ControlMessage(ControlKind.Event, payload);
        }

        if (payload.SequenceEqual(AgentStartup))
        {
            return new ControlMessage(ControlKind.AgentStartup, default);
        }

        if (payload.Length > AgentStartup.Length && payload.StartsWith(AgentStartup) && payload[AgentStartup.Length] == 0)
        {
            var kind = payload.SequenceEqual(LinkSync) ? ControlKind.LinkSync : ControlKind.AgentStartup;
            return new ControlMessage(kind, default, true, payload[(AgentStartup.Length + 1)..]);
        }

        return payload.SequenceEqual(AgentShutdown)
            ? new ControlMessage(ControlKind.AgentShutdown, default)
            : new ControlMessage(ControlKind.Keepalive, payload[Prefix.Length..]);
    }

    /// <summary>
    /// Parses a decrypted payload from the manager as OSSEC's agent does (<c>receive_msg</c>, channel-control.md §4.4,
    /// §7.3): the message ends at its first NUL; <c>syscheck restart</c>, <c>up file</c> and <c>execd</c> are prefixes.
    /// A payload that is not a control message is file data (or nothing, without an open transfer).
    /// </summary>
    public static ControlMessage FromManager(ReadOnlySpan<byte> payload)
    {
        if (!IsControl(payload))
        {
            return new ControlMessage(ControlKind.Event, payload);
        }

        var nul = payload.IndexOf((byte)0);
        var hasTrailer = nul >= 0;
        var trailer = hasTrailer ? payload[(nul + 1)..] : default;
        var text = hasTrailer ? payload[..nul] : payload;
        if (text.SequenceEqual(AgentAck))
        {
            return new ControlMessage(ControlKind.AgentAck, default, hasTrailer, trailer);
        }

        if (text.SequenceEqual(CloseFile))
        {
            return new ControlMessage(ControlKind.CloseFile, default, hasTrailer, trailer);
        }

        if (text.StartsWith(SyscheckRestart))
        {
            return new ControlMessage(ControlKind.SyscheckRestart, default, hasTrailer, trailer);
        }

        if (text.StartsWith(UpFilePrefix))
        {
            return new ControlMessage(ControlKind.UpFile, text[UpFilePrefix.Length..], hasTrailer, trailer);
        }

        return text.StartsWith(ExecdPrefix)
            ? new ControlMessage(ControlKind.Execd, text[ExecdPrefix.Length..], hasTrailer, trailer)
            : new ControlMessage(ControlKind.Other, text[Prefix.Length..], hasTrailer, trailer);
    }
}
