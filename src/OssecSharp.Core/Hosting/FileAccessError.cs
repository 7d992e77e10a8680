using System.Globalization;
using OssecSharp.Core.Interop;

namespace OssecSharp.Core.Hosting;

/// <summary>
/// One clear line for a file a program cannot read (a directory in its place, no permission), in OSSEC's words
/// (FOPEN_ERROR 1103): <c>Could not open file '&lt;path&gt;' due to [(13)-(Permission denied)].</c> .NET reports a
/// directory as "Access to the path … is denied", which sends people looking at permissions instead.
/// </summary>
public static class FileAccessError
{
    /// <summary>OSSEC's message code for a file that cannot be opened.</summary>
    public const int Code = 1103;

    /// <summary>True for the exceptions a file that cannot be opened or read raises.</summary>
    public static bool Matches(Exception exception) => exception is IOException or UnauthorizedAccessException;

    /// <summary>The line for <paramref name="exception"/> (a <see cref="Matches"/> one).</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var path = exception is FileNotFoundException { FileName: { } name } ? name : QuotedPath(exception.Message);
        if (path is null)
        {
            return exception.Message;
        }

        var (errno, text) = exception switch
        {
            // A directory that cannot be listed is a permission problem of its own, not one in place of a file.
            _ when Directory.Exists(path) && CanList(path) => (21, "Is a directory"),
            FileNotFoundException or DirectoryNotFoundException => (2, "No such file or directory"),
            UnauthorizedAccessException => (13, "Permission denied" + RunningAs()),
            _ => (5, exception.InnerException?.Message ?? exception.Message),
        };
        return string.Create(CultureInfo.InvariantCulture, $"Could not open file '{path}' due to [({errno})-({text})].");
    }

    /// <summary>
    /// Throws the error a read of <paramref name="path"/> would raise, when it is a directory or cannot be opened for
    /// reading; a missing file is left to the caller (several programs start without one).
    /// </summary>
    public static void ThrowIfUnreadable(string path)
    {
        if (Directory.Exists(path))
        {
            throw new IOException($"Access to the path '{path}' is denied.");
        }

        if (File.Exists(path))
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
    }

    private static bool CanList(string directory)
    {
        try
        {
            using var entries = Directory.EnumerateFileSystemEntries(directory).GetEnumerator();
            _ = entries.MoveNext();
            return true;
        }
        catch (Exception e) when (Matches(e))
        {
            return false;
        }
    }

    private static string RunningAs() => Libc.IsRoot ? string.Empty : $", running as '{Environment.UserName}'";

    private static string? QuotedPath(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start + 1 ? message[(start + 1)..end] : null;
    }
}
