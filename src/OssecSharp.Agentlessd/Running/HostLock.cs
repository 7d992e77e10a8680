namespace OssecSharp.Agentlessd.Running;

/// <summary>
/// An exclusive lock per host and check (<c>queue/agentless/.state/&lt;name&gt;.lock</c>), so the daemon and cron
/// runs never work on the same state at once. A <see cref="FileStream"/> opened with <see cref="FileShare.None"/>
/// takes <c>flock(LOCK_EX|LOCK_NB)</c> on Unix; the kernel releases it when the process dies.
/// </summary>
internal sealed class HostLock : IDisposable
{
    private readonly FileStream _stream;

    private HostLock(FileStream stream) => _stream = stream;

    /// <summary>The lock, or null when another process holds it.</summary>
    public static HostLock? TryAcquire(string path)
    {
        try
        {
            var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            return new HostLock(stream);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
