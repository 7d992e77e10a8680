using System.Buffers.Text;
using System.Text;

namespace OssecSharp.ManageAgents.Text;

/// <summary>The base64 form of a client.keys line that manage_agents extracts and imports.</summary>
internal static class KeyLineCodec
{
    /// <summary>OSSEC reads the line with fgets into 257 bytes: at most 256 characters are exported.</summary>
    public const int MaxLineChars = 256;

    /// <summary>Standard base64 of the trimmed line (chomp: leading blanks, CR/LF and trailing blanks removed).</summary>
    public static string Encode(string rawLine)
    {
        var line = rawLine.Length > MaxLineChars ? rawLine[..MaxLineChars] : rawLine;
        var chomped = Input.UserInput.Chomp(line);
        return Convert.ToBase64String(Encoding.Latin1.GetBytes(chomped));
    }

    /// <summary>
    /// Decodes a pasted key; characters outside the base64 alphabet are ignored, as OSSEC's decoder does. Null when
    /// what is left cannot be base64.
    /// </summary>
    public static string? Decode(string pasted)
    {
        var sb = new StringBuilder(pasted.Length);
        foreach (var c in pasted)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/')
            {
                sb.Append(c);
            }
        }

        if (sb.Length % 4 == 1)
        {
            return null;
        }

        sb.Append('=', (4 - (sb.Length % 4)) % 4);
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(sb.Length)];
        var ascii = Encoding.ASCII.GetBytes(sb.ToString());
        if (Base64.DecodeFromUtf8(ascii, bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return null;
        }

        return Encoding.Latin1.GetString(bytes, 0, written);
    }
}
