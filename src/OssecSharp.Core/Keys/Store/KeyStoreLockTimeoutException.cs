namespace OssecSharp.Core.Keys;

/// <summary>The client.keys lock could not be taken in time (another writer holds it).</summary>
public sealed class KeyStoreLockTimeoutException : IOException
{
    /// <summary>Creates the exception for <paramref name="lockPath"/>.</summary>
    public KeyStoreLockTimeoutException(string lockPath, TimeSpan timeout)
        : base($"Timed out after {timeout.TotalSeconds:0.#} s waiting for the lock '{lockPath}'.")
    {
        LockPath = lockPath;
    }

    /// <summary>The lock file.</summary>
    public string LockPath { get; }
}
