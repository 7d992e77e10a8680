using System.Globalization;

namespace OssecSharp.Core.Keys;

/// <summary>What id allocation needs from a snapshot: used ids of removed lines, every numeric id, the highest %03d id.</summary>
internal sealed class KeyIdIndex
{
    private KeyIdIndex(HashSet<string> otherUsed, HashSet<long> authdUsed, long highest)
    {
        OtherUsed = otherUsed;
        AuthdUsed = authdUsed;
        HighestManageAgentsId = highest;
    }

    /// <summary>Ids of removed or unreadable lines (live ids are the keys of the id index).</summary>
    public HashSet<string> OtherUsed { get; }

    /// <summary>Every id of a live or removed line read as an integer (authd skips them in any zero-padding).</summary>
    public HashSet<long> AuthdUsed { get; }

    /// <summary>The highest id written as manage_agents formats ids (<c>%03d</c>), or 0.</summary>
    public long HighestManageAgentsId { get; private set; }

    public static KeyIdIndex Build(KeyEntry[] entries, string[] otherIds)
    {
        var index = new KeyIdIndex(new HashSet<string>(otherIds, StringComparer.Ordinal), new HashSet<long>(entries.Length + otherIds.Length), 0);
        foreach (var entry in entries)
        {
            index.NoteNumeric(entry.Id);
        }

        foreach (var id in otherIds)
        {
            index.NoteNumeric(id);
        }

        return index;
    }

    /// <summary>A copy with the ids of appended live entries noted; this index is left as it is.</summary>
    public KeyIdIndex With(IReadOnlyList<KeyEntry> appended)
    {
        var copy = new KeyIdIndex(
            new HashSet<string>(OtherUsed, StringComparer.Ordinal), new HashSet<long>(AuthdUsed), HighestManageAgentsId);
        foreach (var entry in appended)
        {
            copy.NoteNumeric(entry.Id);
        }

        return copy;
    }

    /// <summary>
    /// Whether a digit string is "%03d" of its value (manage_agents matches that form only, so "0042" or
    /// "00000042" do not count as 42): exactly 3 digits, or more without a leading zero. No allocation.
    /// </summary>
    public static bool IsManageAgentsForm(string digits) => digits.Length == 3 || (digits.Length > 3 && digits[0] != '0');

    private void NoteNumeric(string id)
    {
        if (id.Length is 0 or > 18 || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return;
        }

        AuthdUsed.Add(n);
        if (n > HighestManageAgentsId && IsManageAgentsForm(id))
        {
            HighestManageAgentsId = n;
        }
    }
}
