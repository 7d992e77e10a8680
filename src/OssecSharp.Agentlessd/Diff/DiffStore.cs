using System.Diagnostics;
using System.Globalization;

namespace OssecSharp.Agentlessd.Diff;

/// <summary>
/// The <c>periodic_diff</c> state of one host and type: <c>queue/diff/&lt;host&gt;-&gt;&lt;type&gt;/</c> with
/// <c>new-entry</c>, <c>last-entry</c>, <c>state.&lt;t&gt;</c> and <c>diff.&lt;t&gt;</c> as OSSEC keeps them (spec §5),
/// except that history is bounded (OSSEC never deletes <c>state.*</c>/<c>diff.*</c>) and <c>diff</c> runs
/// without a shell.
/// </summary>
internal sealed class DiffStore
{
    /// <summary>Largest stored output; the rest is dropped (and noted) so a chatty device cannot fill the disk.</summary>
    public const long MaxStoreBytes = 16L * 1024 * 1024;

    private readonly int _keepHistory;

    public DiffStore(string diffRoot, string host, string type, int keepHistory = 10)
    {
        Directory = Path.Combine(diffRoot, $"{host}->{type}");
        _keepHistory = keepHistory;
    }

    public string Directory { get; }

    public string NewEntry => Path.Combine(Directory, "new-entry");

    public string LastEntry => Path.Combine(Directory, "last-entry");

    /// <summary>Opens (truncates) <c>new-entry</c>.</summary>
    public FileStream OpenNewEntry()
    {
        System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return new FileStream(NewEntry, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
        });
    }

    /// <summary>Drops an incomplete <c>new-entry</c> (a failed run must not be diffed).</summary>
    public void DiscardNewEntry() => File.Delete(NewEntry);

    /// <summary>
    /// Rotates the entries after a complete run and returns the alert text when the output changed, else null.
    /// </summary>
    public async Task<string?> CompleteAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(NewEntry))
        {
            return null;
        }

        if (!File.Exists(LastEntry))
        {
            File.Move(NewEntry, LastEntry, overwrite: true);
            return null;
        }

        if (await SameContentAsync(NewEntry, LastEntry, cancellationToken).ConfigureAwait(false))
        {
            File.Delete(NewEntry);
            return null;
        }

        var oldState = Path.Combine(Directory, "state." + Epoch(File.GetLastWriteTimeUtc(LastEntry)));
        File.Move(LastEntry, oldState, overwrite: true);
        File.Move(NewEntry, LastEntry, overwrite: true);
        var diffFile = Path.Combine(Directory, "diff." + Epoch(File.GetLastWriteTimeUtc(LastEntry)));
        var diff = await RunDiffAsync(oldState, LastEntry, cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(diffFile, diff, cancellationToken).ConfigureAwait(false);
        Prune();
        return DiffAlert.Build(diff);
    }

    private static string Epoch(DateTime utc) =>
        new DateTimeOffset(utc, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static async Task<bool> SameContentAsync(string a, string b, CancellationToken cancellationToken)
    {
        if (new FileInfo(a).Length != new FileInfo(b).Length)
        {
            return false;
        }

        var left = await File.ReadAllBytesAsync(a, cancellationToken).ConfigureAwait(false);
        var right = await File.ReadAllBytesAsync(b, cancellationToken).ConfigureAwait(false);
        return left.AsSpan().SequenceEqual(right);
    }

    /// <summary>Runs <c>diff old new</c> (normal format, as OSSEC) and returns its output; exit 1 means "differ".</summary>
    private static async Task<byte[]> RunDiffAsync(string oldFile, string newFile, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("diff") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--");
        psi.ArgumentList.Add(oldFile);
        psi.ArgumentList.Add(newFile);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("diff did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        using var output = new MemoryStream();
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token).ConfigureAwait(false);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            await stderr.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 1)
        {
            throw new IOException($"diff exited with {process.ExitCode.ToString(CultureInfo.InvariantCulture)}");
        }

        return output.ToArray();
    }

    /// <summary>Keeps the newest <c>state.*</c> and <c>diff.*</c> files only.</summary>
    private void Prune()
    {
        foreach (var prefix in new[] { "state.", "diff." })
        {
            var old = System.IO.Directory.EnumerateFiles(Directory, prefix + "*")
                .Select(f => (File: f, Stamp: long.TryParse(Path.GetFileName(f)[prefix.Length..], NumberStyles.None,
                    CultureInfo.InvariantCulture, out var t) ? t : 0))
                .OrderByDescending(x => x.Stamp)
                .Skip(_keepHistory);
            foreach (var (file, _) in old)
            {
                File.Delete(file);
            }
        }
    }
}
