using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OssecSharp.ManageAgents.Store;

/// <summary>
/// TEMPORARY shim until the Core key store lands on main: client.keys with the lock file, re-read under the lock
/// and temp + fsync + rename. Replaced by an adapter over <c>OssecSharp.Core.Keys.KeyStore</c>.
/// </summary>
internal sealed class ClientKeysFileStore : IAgentKeyStore
{
    private const string RemovedMarker = "#*#*#*#*#*#*#*#*#*#*#";
    private static readonly Encoding s_latin1 = Encoding.Latin1;

    private readonly string _path;
    private readonly string _lockPath;
    private readonly object _gate;

    public ClientKeysFileStore(string path, string lockPath, object gate)
    {
        _path = path;
        _lockPath = lockPath;
        _gate = gate;
    }

    private (long Length, long Ticks, AgentKeysView View)? _cache;

    public AgentKeysView Read()
    {
        // A dialog asks at every prompt; an unchanged file is not parsed again.
        var info = new FileInfo(_path);
        var length = info.Exists ? info.Length : -1;
        var ticks = info.Exists ? info.LastWriteTimeUtc.Ticks : 0;
        if (_cache is { } c && c.Length == length && c.Ticks == ticks)
        {
            return c.View;
        }

        var view = Parse(ReadText());
        _cache = (length, ticks, view);
        return view;
    }

    public AddOutcome Add(string? id, string name, string ipField, out string addedId)
    {
        lock (_gate)
        {
            using var fileLock = AcquireLock();
            var text = ReadText();
            var view = Parse(text);
            addedId = id ?? view.DefaultId();
            if (view.NameExists(name))
            {
                return AddOutcome.NameExists;
            }

            if (view.IdExists(addedId))
            {
                return AddOutcome.IdExists;
            }

            var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var separator = text.Length == 0 || text.EndsWith('\n') ? string.Empty : "\n";
            WriteAtomically(string.Concat(text, separator, addedId, " ", name, " ", ipField, " ", key, "\n"));
            return AddOutcome.Added;
        }
    }

    public AgentLine? Remove(string id)
    {
        lock (_gate)
        {
            using var fileLock = AcquireLock();
            var text = ReadText();
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (TryParseLive(lines[i], out var entry) && string.Equals(entry.Id, id, StringComparison.Ordinal))
                {
                    lines[i] = id + " " + RemovedMarker;
                    WriteAtomically(string.Join('\n', lines));
                    return entry;
                }
            }

            return null;
        }
    }

    public void ReplaceAll(string line)
    {
        lock (_gate)
        {
            using var fileLock = AcquireLock();
            WriteAtomically(line + "\n");
        }
    }

    private string ReadText() => File.Exists(_path) ? s_latin1.GetString(File.ReadAllBytes(_path)) : string.Empty;

    private static AgentKeysView Parse(string text)
    {
        var live = new List<AgentLine>();
        var used = new List<string>();
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        long highest = 0;
        foreach (var line in text.Split('\n'))
        {
            var body = line.StartsWith('#') ? line[1..] : line;
            var space = body.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0)
            {
                continue;
            }

            var id = body[..space];
            used.Add(id);
            if (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                && n > highest && string.Equals(n.ToString("D3", CultureInfo.InvariantCulture), id, StringComparison.Ordinal))
            {
                highest = n;
            }

            if (!line.StartsWith('#') && TryParseLive(line, out var entry))
            {
                live.Add(entry);
                raw.TryAdd(entry.Id, line);
            }
        }

        var usedSet = new HashSet<string>(used, StringComparer.Ordinal);
        var next = highest + 1;
        while (usedSet.Contains(next.ToString("D3", CultureInfo.InvariantCulture)))
        {
            next++;
        }

        return new AgentKeysView(live, used, raw, next.ToString("D3", CultureInfo.InvariantCulture));
    }

    private static bool TryParseLive(string line, out AgentLine entry)
    {
        entry = null!;
        var parts = line.Split(' ', 4);
        if (parts.Length < 4 || parts[0].Length == 0 || parts[1].StartsWith('#') || line.StartsWith('#') || line.StartsWith(' '))
        {
            return false;
        }

        var slash = parts[2].IndexOf('/', StringComparison.Ordinal);
        entry = new AgentLine(parts[0], parts[1], parts[2], slash < 0 ? parts[2] : parts[2][..slash]);
        return true;
    }

    private FileStream AcquireLock()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(5);
            }
        }
    }

    private void WriteAtomically(string content)
    {
        var directory = Path.GetDirectoryName(_path)!;
        var tmp = Path.Combine(directory, $"client.keys.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        if (!OperatingSystem.IsWindows())
        {
            mode = File.Exists(_path) ? File.GetUnixFileMode(_path) : mode;
            options.UnixCreateMode = mode | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(tmp, options))
            {
                stream.Write(s_latin1.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(tmp, mode);
            }

            File.Move(tmp, _path, overwrite: true);
        }
        finally
        {
            File.Delete(tmp);
        }
    }
}
