using System.Globalization;
using System.Text;
using OssecSharp.Core.Layout;

namespace OssecSharp.Core.Hosting;

/// <summary>
/// <c>var/run/&lt;daemon&gt;-&lt;pid&gt;.pid</c> holding <c>&lt;pid&gt;\n</c>, mode 0640, written atomically (temp file in the
/// same folder, fsync, rename) and deleted on orderly exit (control-and-files.md §1.3).
/// </summary>
internal sealed class PidFile : IDisposable
{
    private const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private PidFile(string path)
    {
        Path = path;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>Writes the PID file of <paramref name="daemon"/> for <paramref name="pid"/>.</summary>
    /// <exception cref="IOException">The folder is missing or not writable.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public static PidFile Create(OssecPaths paths, string daemon, int pid)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var path = paths.PidFile(daemon, pid);
        AtomicFile.Write(path, Encoding.ASCII.GetBytes(pid.ToString(CultureInfo.InvariantCulture) + "\n"), Mode);
        return new PidFile(path);
    }

    /// <summary>Reads the pid in a PID file, or null when missing or malformed.</summary>
    public static int? Read(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Deletes the file (idempotent).</summary>
    public void Delete()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Already gone or the folder vanished; nothing else to clean.
        }
        catch (UnauthorizedAccessException)
        {
            // Privileges dropped below the folder's owner: ossec-control cleans stale files.
        }
    }

    /// <inheritdoc />
    public void Dispose() => Delete();
}
