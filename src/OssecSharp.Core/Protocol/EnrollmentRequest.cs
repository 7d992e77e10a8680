using System.Security.Cryptography;
using System.Text;

namespace OssecSharp.Core.Protocol;

/// <summary>
/// The agent's enrollment request inside TLS (enrollment.md §2):
/// <c>OSSEC A:'name'\n</c> or <c>OSSEC PASS: secret OSSEC A:'name'\n</c>. Pure: no I/O, never throws on input.
/// </summary>
public static class EnrollmentRequest
{
    /// <summary>OSSEC reads the request with one read of at most this many bytes.</summary>
    public const int MaxRequestBytes = 4096;

    /// <summary>OSSEC agent-auth cuts the password file to this many bytes (see §6.2).</summary>
    public const int RealAgentAuthPasswordLimit = 32;

    private static ReadOnlySpan<byte> PassPrefix => "OSSEC PASS: "u8;

    private static ReadOnlySpan<byte> NamePrefix => "OSSEC A:'"u8;

    /// <summary>Formats the request exactly as OSSEC's agent-auth sends it (one write, ending with <c>\n</c>).</summary>
    public static byte[] Format(string agentName, string? password)
    {
        ArgumentNullException.ThrowIfNull(agentName);
        var text = string.IsNullOrEmpty(password)
            ? $"OSSEC A:'{agentName}'\n"
            : $"OSSEC PASS: {password} OSSEC A:'{agentName}'\n";
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>
    /// Parses a request as OSSEC's ossec-authd does, with the compatibility fixes of §6.2: the password may be followed
    /// by <c>\n</c> or <c>\r\n</c> before its separating space (real agent-auth keeps the newline of its password file),
    /// a server password longer than 32 bytes also matches its first 32 bytes (real agent-auth sends no more), and the
    /// comparison runs in constant time.
    /// </summary>
    /// <param name="request">The bytes received.</param>
    /// <param name="password">The server password, or empty when none is required (<c>-n</c>).</param>
    /// <param name="nameBytes">The requested agent name (the bytes up to the next quote) when the result is Ok.</param>
    public static EnrollmentRequestStatus TryParse(
        ReadOnlySpan<byte> request, ReadOnlySpan<byte> password, out ReadOnlySpan<byte> nameBytes)
    {
        nameBytes = default;
        var rest = request;
        if (!password.IsEmpty)
        {
            if (!request.StartsWith(PassPrefix))
            {
                return EnrollmentRequestStatus.InvalidPassword;
            }

            var afterPass = MatchPassword(request[PassPrefix.Length..], password);
            if (afterPass < 0)
            {
                return EnrollmentRequestStatus.InvalidPassword;
            }

            rest = request[(PassPrefix.Length + afterPass)..];
        }
        else if (request.StartsWith(PassPrefix))
        {
            return EnrollmentRequestStatus.UnexpectedPassword;
        }

        if (!rest.StartsWith(NamePrefix))
        {
            return EnrollmentRequestStatus.InvalidRequest;
        }

        var name = rest[NamePrefix.Length..];
        var quote = name.IndexOf((byte)'\'');
        if (quote < 0)
        {
            return EnrollmentRequestStatus.InvalidRequest;
        }

        nameBytes = name[..quote];
        return EnrollmentRequestStatus.Ok;
    }

    /// <summary>
    /// Compares the password at the start of <paramref name="candidate"/> with <paramref name="password"/> in constant
    /// time (for a given password length) and returns the offset just after the separating space, or -1.
    /// </summary>
    internal static int MatchPassword(ReadOnlySpan<byte> candidate, ReadOnlySpan<byte> password)
    {
        var full = TryMatch(candidate, password);
        if (full >= 0)
        {
            return full;
        }

        // Real agent-auth sends at most 32 bytes of its password file: accept that prefix of a longer password.
        if (password.Length > RealAgentAuthPasswordLimit)
        {
            return TryMatch(candidate, password[..RealAgentAuthPasswordLimit]);
        }

        return -1;
    }

    private static int TryMatch(ReadOnlySpan<byte> candidate, ReadOnlySpan<byte> password)
    {
        // Compare a window of the password's length whatever the input length, so timing does not reveal how much matched.
        Span<byte> window = stackalloc byte[Math.Min(password.Length, MaxRequestBytes)];
        window.Clear();
        candidate[..Math.Min(candidate.Length, window.Length)].CopyTo(window);
        var same = CryptographicOperations.FixedTimeEquals(window, password);
        if (!same || candidate.Length < password.Length)
        {
            return -1;
        }

        var after = candidate[password.Length..];
        if (after.StartsWith(" "u8))
        {
            return password.Length + 1;
        }

        // Compatibility: OSSEC agent-auth keeps the password file's trailing newline (enrollment.md §6.2).
        if (after.StartsWith("\n "u8))
        {
            return password.Length + 2;
        }

        if (after.StartsWith("\r\n "u8))
        {
            return password.Length + 3;
        }

        return -1;
    }
}
