using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace OssecSharp.Core.Events;

/// <summary>
/// The two timestamp texts of an archive record, in local time, formatted once per second instead of once per event:
/// archives.log's <c>YYYY Mon DD HH:MM:SS </c> and archives.json's <c>yyyy-MM-ddTHH:mm:ss.fff+zzzz</c> (the same texts
/// as <see cref="ArchiveFormatter"/>). One instance per writing thread.
/// </summary>
internal sealed class ArchiveClock
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private long _second = long.MinValue;
    private byte[] _lineHead = [];
    private byte[] _jsonHead = [];
    private byte[] _jsonZone = [];

    /// <summary><c>YYYY Mon DD HH:MM:SS </c> of the local time at <paramref name="utcTicks"/>.</summary>
    public ReadOnlySpan<byte> LineHead(long utcTicks)
    {
        Refresh(utcTicks);
        return _lineHead;
    }

    /// <summary>Writes the JSON timestamp (without quotes) and returns its length (at most 32 bytes).</summary>
    public int JsonTimestamp(long utcTicks, Span<byte> destination)
    {
        Refresh(utcTicks);
        _jsonHead.CopyTo(destination);
        var at = _jsonHead.Length;
        var millis = (uint)(utcTicks / TimeSpan.TicksPerMillisecond % 1000);
        Utf8Formatter.TryFormat(millis, destination[at..], out var n, new System.Buffers.StandardFormat('D', 3));
        at += n;
        _jsonZone.CopyTo(destination[at..]);
        return at + _jsonZone.Length;
    }

    private void Refresh(long utcTicks)
    {
        var second = utcTicks / TimeSpan.TicksPerSecond;
        if (second == _second)
        {
            return;
        }

        // Local offsets are whole minutes, so the milliseconds of the UTC time are those of the local time.
        var local = new DateTimeOffset(second * TimeSpan.TicksPerSecond, TimeSpan.Zero).ToLocalTime();
        var inv = CultureInfo.InvariantCulture;
        _lineHead = Encoding.ASCII.GetBytes(
            local.Year.ToString(inv) + " " + Months[local.Month - 1] + " " + local.Day.ToString("00", inv) + " "
            + local.ToString("HH:mm:ss", inv) + " ");
        _jsonHead = Encoding.ASCII.GetBytes(local.ToString("yyyy-MM-dd'T'HH:mm:ss.", inv));
        _jsonZone = Encoding.ASCII.GetBytes(local.ToString("zzz", inv).Replace(":", string.Empty, StringComparison.Ordinal));
        _second = second;
    }
}
