using System.Globalization;

namespace OssecSharp.Control;

/// <summary>
/// OSSEC's start-script lock: the directory <c>var/start-script-lock</c> holding the owner's pid. Two ossec-control
/// runs never start or stop daemons at once; a lock left by a dead run is broken sooner than a live one.
/// </summary>
internal sealed class StartLock : IDisposable
{
    private readonly string _dir;
    private bool _held;

    private StartLock(string dir)
    {
        _dir = dir;
    }

    /// <summary>Takes the lock, waiting about a second per try; after ten tries (fewer if the owner is dead) it breaks it.</summary>
    public static async Task<StartLock> AcquireAsync(string dir, Func<int, bool> isAlive, TimeSpan retryDelay, CancellationToken token)
    {
        var lockFile = new StartLock(dir);
        Directory.CreateDirectory(Path.GetDirectoryName(dir)!);
        for (var attempt = 0; attempt < 10;)
        {
            if (TryCreate(dir))
            {
                lockFile.TakeOwnership();
                return lockFile;
            }

            var owner = ReadOwner(dir);
            attempt += owner is { } pid && isAlive(pid) ? 1 : 2;
            await Task.Delay(retryDelay, token);
        }

        // The owner did not let go in time: break the lock, as OSSEC's script does.
        Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        lockFile.TakeOwnership();
        return lockFile;
    }

    public void Dispose()
    {
        if (!_held)
        {
            return;
        }

        _held = false;
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static bool TryCreate(string dir)
    {
        // Directory.CreateDirectory succeeds on an existing folder; mkdir(2) semantics need the existence check first,
        // and the pid file written with CreateNew below settles a race between two creators.
        if (Directory.Exists(dir))
        {
            return false;
        }

        Directory.CreateDirectory(dir);
        try
        {
            using var stream = new FileStream(Path.Combine(dir, "pid"), FileMode.CreateNew, FileAccess.Write);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int? ReadOwner(string dir)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(dir, "pid")).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private void TakeOwnership()
    {
        File.WriteAllText(Path.Combine(_dir, "pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        _held = true;
    }
}
