using System.Security.Cryptography;
using System.Text;
using Serilog;

namespace OssecSharp.Authd;

/// <summary>
/// The shared enrollment password (enrollment.md §5.1 step 5): the first line of <c>etc/authd.pass</c> without its
/// line ending (OSSEC drops the last character whatever it is, and forgets 1-character passwords); when the file does
/// not exist a random one is generated into it (mode 0640) so agents can be given the file — its value is never
/// logged. 32 characters: real agent-auth sends at most 32 bytes of its password file.
/// </summary>
internal static class AuthdPassword
{
    private const UnixFileMode FileMode0640 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    /// <summary>Reads or creates the password; null on a fatal problem (already logged).</summary>
    public static byte[]? Load(string path, bool noPassword, ILogger log)
    {
        if (noPassword)
        {
            log.Information("Accepting connections. No password required (not recommended)");
            return [];
        }

        if (File.Exists(path))
        {
            string? line;
            try
            {
                using var reader = new StreamReader(path, Encoding.UTF8);
                line = reader.ReadLine()?.TrimEnd('\r');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Error("Unable to read the password file {Path:l}: {Reason:l}", path, e.Message);
                return null;
            }

            if (string.IsNullOrEmpty(line))
            {
                log.Error("The password file {Path:l} is empty: write the password on its first line, or delete the "
                    + "file to have a random one generated.", path);
                return null;
            }

            log.Information("Accepting connections. Using password specified on file: {Path:l}", path);
            return Encoding.UTF8.GetBytes(line);
        }

        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        try
        {
            Write(path, password + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Error("Unable to write the random password to {Path:l}: {Reason:l}", path, e.Message);
            return null;
        }

        log.Information("Accepting connections. Random password chosen for agent authentication and saved in {Path:l} "
            + "(give that file to agent-auth with -P).", path);
        return Encoding.UTF8.GetBytes(password);
    }

    private static void Write(string path, string content)
    {
        var tmp = path + "." + Environment.ProcessId + ".tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = FileMode0640;
            }

            using (var stream = new FileStream(tmp, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            // No overwrite: a password file created meanwhile by the sysadmin wins.
            File.Move(tmp, path, overwrite: false);
        }
        finally
        {
            File.Delete(tmp);
        }
    }
}
