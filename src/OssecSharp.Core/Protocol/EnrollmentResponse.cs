using System.Globalization;
using System.Text;
using OssecSharp.Core.Keys;

namespace OssecSharp.Core.Protocol;

/// <summary>
/// Manager replies inside TLS (enrollment.md §3): <c>OSSEC K:'id name ip key'\n\n</c> on success, or
/// <c>ERROR: reason\n\n</c> records. Each record is sent as one TLS write, because agent-auth handles one read at a time.
/// </summary>
public static class EnrollmentResponse
{
    /// <summary>Second record of every refusal, as OSSEC sends it.</summary>
    public const string UnableToAddAgent = "Unable to add agent.";

    private static ReadOnlySpan<byte> KeyPrefix => "OSSEC K:'"u8;

    private static ReadOnlySpan<byte> ErrorPrefix => "ERROR"u8;

    /// <summary>The success record.</summary>
    public static byte[] FormatKey(EnrollmentKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Encoding.UTF8.GetBytes($"OSSEC K:'{key.Id} {key.Name} {key.Ip} {key.Key}'\n\n");
    }

    /// <summary>An error record: <c>ERROR: reason\n\n</c>.</summary>
    public static byte[] FormatError(string reason) => Encoding.UTF8.GetBytes($"ERROR: {reason}\n\n");

    /// <summary>
    /// Classifies one record received by agent-auth and, for a key, validates it as OSSEC 4.x agent-auth does:
    /// id 1–8 digits, valid agent name, ip <c>any</c> or a single address, key exactly 64 hex characters.
    /// </summary>
    /// <param name="record">One TLS read.</param>
    /// <param name="key">The key when the status is Ok.</param>
    /// <param name="errorLine">For an error record, its text up to the first newline.</param>
    public static EnrollmentKeyStatus Classify(ReadOnlySpan<byte> record, out EnrollmentKey? key, out string? errorLine)
    {
        key = null;
        errorLine = null;
        if (record.StartsWith(ErrorPrefix))
        {
            var newline = record.IndexOf((byte)'\n');
            errorLine = Encoding.UTF8.GetString(newline < 0 ? record : record[..newline]);
            return EnrollmentKeyStatus.Error;
        }

        if (!record.StartsWith(KeyPrefix))
        {
            return EnrollmentKeyStatus.Unknown;
        }

        var body = record[KeyPrefix.Length..];
        var quote = body.IndexOf((byte)'\'');
        if (quote < 0)
        {
            return EnrollmentKeyStatus.Unterminated;
        }

        var text = Encoding.UTF8.GetString(body[..quote]);
        var fields = text.Split(' ', 4);
        if (fields.Length != 4 || !AgentNameRules.IsValidId(fields[0]) || !AgentNameRules.IsValidName(fields[1])
            || !AgentNameRules.IsValidEnrolledIp(fields[2]) || !AgentNameRules.IsValidKey(fields[3]))
        {
            return EnrollmentKeyStatus.InvalidFields;
        }

        key = new EnrollmentKey(fields[0], fields[1], fields[2], fields[3]);
        return EnrollmentKeyStatus.Ok;
    }

    /// <summary>Formats an authd-allocated ID (plain decimal, no padding).</summary>
    public static string FormatId(int id) => id.ToString(CultureInfo.InvariantCulture);
}
