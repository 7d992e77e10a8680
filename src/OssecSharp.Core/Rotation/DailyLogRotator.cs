using Serilog;

namespace OssecSharp.Core.Rotation;

/// <summary>
/// The day-change duties ossec-monitord has in OSSEC (manage_files), for the daily files OssecSharp writes: at a day
/// change it points each fixed name at the new day, waits <c>monitord.day_wait</c>, signs the ended day (chained to the
/// day before) and gzips it, then applies the retention. On start it finishes a previous day left uncompressed
/// (the manager was down at midnight), which OSSEC's monitord leaves as it is.
/// </summary>
public sealed class DailyLogRotator
{
    private readonly IReadOnlyList<DailyLogFamily> _families;
    private readonly RotationSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly DaySigner _signer;
    private readonly DayCompressor _compressor;

    /// <summary>Creates the rotator for the install at <paramref name="home"/>.</summary>
    public DailyLogRotator(
        string home, IReadOnlyList<DailyLogFamily> families, RotationSettings settings, TimeProvider time, ILogger log, string tag)
    {
        ArgumentNullException.ThrowIfNull(families);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(log);
        _families = families;
        _settings = settings;
        _time = time;
        _log = log.ForContext<DailyLogRotator>();
        _signer = new DaySigner(home, settings.FileMode, _log, tag);
        _compressor = new DayCompressor(settings.FileMode, _log);
    }

    /// <summary>Today by the rotator's clock (local time, as OSSEC's localtime()).</summary>
    public DateOnly Today => DateOnly.FromDateTime(_time.GetLocalNow().DateTime);

    /// <summary>Watches the day until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var today = Today;
        try
        {
            await Task.Delay(_settings.DayWait, _time, cancellationToken).ConfigureAwait(false);
            CatchUp(today);
            using var timer = new PeriodicTimer(_settings.CheckInterval, _time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var now = Today;
                if (now <= today)
                {
                    continue;
                }

                LinkToday(now);
                await Task.Delay(_settings.DayWait, _time, cancellationToken).ConfigureAwait(false);
                CloseDay(today);
                ApplyRetention(now);
                today = now;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Orderly stop; an unfinished day is finished by CatchUp at the next start.
        }
    }

    /// <summary>Points every fixed name that exists at <paramref name="day"/>'s file (idle writers have not done it yet).</summary>
    public void LinkToday(DateOnly day)
    {
        foreach (var family in _families)
        {
            if (File.Exists(family.LinkPath))
            {
                DailyLink.Ensure(family, day, (uint)_settings.FileMode, _log);
            }
        }
    }

    /// <summary>Signs and compresses the ended day <paramref name="ended"/> of every family (manage_files).</summary>
    public void CloseDay(DateOnly ended)
    {
        var previous = ended.AddDays(-1);
        foreach (var family in _families)
        {
            var dayFile = family.DayPath(ended);
            var previousFile = family.DayPath(previous);
            if (!Directory.Exists(family.MonthDirectory(ended))
                || (family.Extension != ".log" && !File.Exists(dayFile) && !File.Exists(previousFile)))
            {
                // manage_files signs the JSON days only when one of the two exists; without the folder fopen fails.
                continue;
            }

            if (StillLinked(family, dayFile))
            {
                _log.Warning("{Path} is still the current file; not compressed.", dayFile);
                continue;
            }

            if (_settings.Sign)
            {
                _signer.Sign(dayFile, previousFile);
            }

            if (_settings.Compress)
            {
                _compressor.Compress(dayFile);
            }
        }
    }

    /// <summary>Removes the days older than <c>monitord.keep_days</c> (nothing when it is 0).</summary>
    public int ApplyRetention(DateOnly today)
    {
        if (_settings.KeepDays <= 0)
        {
            return 0;
        }

        var removed = 0;
        foreach (var family in _families)
        {
            removed += DayRetention.RemoveBefore(family, today.AddDays(-_settings.KeepDays), _log);
        }

        if (removed > 0)
        {
            _log.Information("Removed {Count} daily log files older than {Days} days.", removed, _settings.KeepDays);
        }

        return removed;
    }

    /// <summary>Finishes yesterday when it is still plain (not compressed, or not signed) and applies the retention.</summary>
    public void CatchUp(DateOnly today)
    {
        var yesterday = today.AddDays(-1);
        var pending = _families.Any(f =>
            (_settings.Compress && File.Exists(f.DayPath(yesterday)))
            || (_settings.Sign && !_settings.Compress && File.Exists(f.DayPath(yesterday)) && !File.Exists(f.DayPath(yesterday) + ".sum")));
        if (pending)
        {
            LinkToday(today);
            CloseDay(yesterday);
        }

        ApplyRetention(today);
    }

    private static bool StillLinked(DailyLogFamily family, string dayFile) =>
        Interop.Libc.TryStatx(family.LinkPath, out var link) && Interop.Libc.TryStatx(dayFile, out var day)
        && link.Inode == day.Inode && link.Device == day.Device;
}
