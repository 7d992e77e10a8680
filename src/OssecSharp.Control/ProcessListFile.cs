using System.Text;

namespace OssecSharp.Control;

/// <summary>
/// <c>bin/.process_list</c>: shell assignments that OSSEC's ossec-control sources. Enable/disable append a line,
/// as OSSEC does, and the last assignment of a variable wins, so the file stays readable by OSSEC's script too.
/// </summary>
internal sealed class ProcessListFile
{
    private readonly string _path;

    public ProcessListFile(string path)
    {
        _path = path;
    }

    public bool IsEnabled(OptionalDaemon option) => Value(option.Variable) == option.EnabledValue;

    /// <summary>The last value assigned to <paramref name="variable"/> (quotes removed), or null.</summary>
    public string? Value(string variable)
    {
        string? value = null;
        if (File.Exists(_path))
        {
            foreach (var raw in File.ReadLines(_path))
            {
                var line = raw.Trim();
                if (line.StartsWith(variable + "=", StringComparison.Ordinal))
                {
                    value = line[(variable.Length + 1)..].Trim().Trim('"', '\'');
                }
            }
        }

        return value;
    }

    public void Set(OptionalDaemon option, bool enabled)
    {
        var line = enabled ? $"{option.Variable}={option.EnabledValue}\n" : $"{option.Variable}=\"\"\n";
        var dir = Path.GetDirectoryName(_path)!;
        Directory.CreateDirectory(dir);

        // Rewrite through a temp file so a concurrent ossec-control never reads half a line.
        var existing = File.Exists(_path) ? File.ReadAllText(_path, Encoding.UTF8) : string.Empty;
        if (existing.Length > 0 && !existing.EndsWith('\n'))
        {
            existing += "\n";
        }

        var tmp = _path + "." + Environment.ProcessId + ".tmp";
        try
        {
            using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                var bytes = Encoding.UTF8.GetBytes(existing + line);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(tmp, _path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp))
            {
                File.Delete(tmp);
            }
        }
    }
}
