using OssecSharp.Core.Interop;
using Serilog;

namespace OssecSharp.Core.Rotation;

/// <summary>
/// An append-only log that one or several processes write: with a <see cref="DailyLogFamily"/>, each append goes
/// straight into the day file of the writer's clock (OSSEC's analysisd writes days the same way) and the first append
/// of a new day re-points the fixed name (<see cref="DailyLink"/>); nothing ever moves lines between files, so a day
/// change neither loses nor repeats one. Without a family (a real OSSEC analysisd owns the days), it appends to the
/// fixed name and reopens it every <c>reopenInterval</c> to follow analysisd's re-linking.
/// </summary>
internal sealed class DailyLogFile : IDisposable
{
    private readonly DailyLogFamily? _family;
    private readonly TimeProvider _time;
    private readonly uint _mode;
    private readonly ILogger _log;
    private AppendFileHandle _handle;
    private DateOnly _day;

    public DailyLogFile(string fixedPath, DailyLogFamily? family, TimeProvider time, TimeSpan reopenInterval, uint mode, ILogger log)
    {
        _family = family;
        _time = time;
        _mode = mode;
        _log = log;
        _handle = new AppendFileHandle(fixedPath, reopenInterval, mode);
    }

    /// <summary>The file appended to last (the day file when rotating).</summary>
    public string Path => _handle.Path;

    /// <summary>Appends whole records with one write(2); returns 0 or the errno (the records are then not written).</summary>
    public int Append(ReadOnlySpan<byte> records)
    {
        if (_family is not null)
        {
            // Days only move forward: a clock stepped back keeps writing the newest day rather than reopening a day
            // that may already be compressed.
            var today = DateOnly.FromDateTime(_time.GetLocalNow().DateTime);
            if (today > _day)
            {
                SwitchTo(_family, today);
            }
        }

        return _handle.Append(records);
    }

    public void Dispose() => _handle.Dispose();

    private void SwitchTo(DailyLogFamily family, DateOnly day)
    {
        _handle.Dispose();
        DailyLink.Ensure(family, day, _mode, _log);

        // The day's descriptor stays open all day: only this writer's clock decides when it changes.
        _handle = new AppendFileHandle(family.DayPath(day), TimeSpan.MaxValue, _mode);
        _day = day;
    }
}
