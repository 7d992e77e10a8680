namespace OssecSharp.Core.Keys;

/// <summary>
/// One change of client.keys as the store writes it: the complete new bytes, the places where removal markers
/// overwrite the old bytes (same length, in place) and the new lines after the old end.
/// </summary>
/// <param name="Bytes">The whole file after the change.</param>
/// <param name="OldLength">Length of the file before the change: the appended lines start here.</param>
/// <param name="Patches">Offset and length of every overwritten range (inside the old length).</param>
internal sealed record KeyFileEdit(ArraySegment<byte> Bytes, int OldLength, IReadOnlyList<(int Offset, int Length)> Patches)
{
    /// <summary>Bytes appended after the old end (a newline completing an unterminated last line included).</summary>
    public int AppendedLength => Bytes.Count - OldLength;
}
