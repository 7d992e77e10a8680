using System.Text;
using OssecSharp.Core.Keys;
using OssecSharp.Core.Protocol;

namespace OssecSharp.Authd.Enrollment;

/// <summary>
/// Group commit of enrollments into client.keys, fast enough for 100,000 agents: under the install-wide key lock
/// (<c>client.keys.lock</c>, the protocol every <see cref="KeyStore"/> writer follows) the new lines of a whole batch
/// are appended with one write and one fsync, as OSSEC's authd appends. The parsed table is kept between batches
/// and re-read only when the file's stamp shows another writer (manage_agents) changed it, so a batch costs no
/// re-parse and no 7 MB rewrite. Rules per candidate as ossec-authd (enrollment.md §4): duplicate names renamed
/// <c>name2</c> … <c>name255</c>, a live entry holding the source address refuses it, IDs smallest free from 1024.
/// </summary>
internal sealed class AppendingEnrollmentStore : IEnrollmentKeyStore
{
    private static readonly TimeSpan s_lockTimeout = TimeSpan.FromSeconds(10);
    private readonly KeyStore _store;
    private KeyTransaction? _view;
    private int _written;
    private KeyFileStamp _stamp;
    private bool _needsNewline;

    public AppendingEnrollmentStore(KeyStore store)
    {
        _store = store;
    }

    public IReadOnlyList<EnrollmentOutcome> Commit(IReadOnlyList<EnrollmentCandidate> batch)
    {
        using var lockStream = AcquireLock();
        try
        {
            var view = CurrentView();
            var outcomes = batch.Select(candidate => Apply(view, candidate)).ToList();
            AppendNewLines(view);
            return outcomes;
        }
        catch
        {
            // Additions of a failed batch exist only in memory: forget them and re-read next time.
            _view = null;
            throw;
        }
    }

    private KeyTransaction CurrentView()
    {
        var stamp = KeyFileStamp.Of(_store.FilePath);
        if (_view is not null && stamp == _stamp)
        {
            return _view;
        }

        var bytes = File.Exists(_store.FilePath) ? File.ReadAllBytes(_store.FilePath) : [];
        _needsNewline = bytes.Length > 0 && bytes[^1] != (byte)'\n';
        _view = new KeyTransaction(string.Empty, new KeyTable(KeyFileParser.Parse(bytes)));
        _written = 0;
        _stamp = stamp;
        return _view;
    }

    private void AppendNewLines(KeyTransaction view)
    {
        if (view.Added.Count == _written)
        {
            return;
        }

        var text = new StringBuilder();
        if (_needsNewline)
        {
            // A line cut by a crash or a hand edit: never glue a new entry onto it.
            text.Append('\n');
        }

        for (var i = _written; i < view.Added.Count; i++)
        {
            text.Append(view.Added[i].ToLine()).Append('\n');
        }

        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        }

        using (var stream = new FileStream(_store.FilePath, options))
        {
            stream.Write(KeyFileParser.FileEncoding.GetBytes(text.ToString()));
            stream.Flush(flushToDisk: true);
        }

        _written = view.Added.Count;
        _needsNewline = false;
        _stamp = KeyFileStamp.Of(_store.FilePath);
    }

    private FileStream AcquireLock()
    {
        var deadline = DateTime.UtcNow + s_lockTimeout;
        while (true)
        {
            try
            {
                // FileShare.None is flock(LOCK_EX|LOCK_NB) on Unix: the same lock KeyStore and manage_agents take.
                return new FileStream(_store.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(2);
            }
        }
    }

    private static EnrollmentOutcome Apply(KeyTransaction tx, EnrollmentCandidate candidate)
    {
        var name = tx.FindFreeAuthdName(candidate.Name);
        if (name is null)
        {
            return new EnrollmentOutcome(EnrollmentOutcomeStatus.DuplicateName);
        }

        if (tx.FindByIpString(candidate.SourceIp) is { } holder)
        {
            return new EnrollmentOutcome(EnrollmentOutcomeStatus.DuplicateIp, ConflictId: holder.Id, ConflictName: holder.Name);
        }

        var ip = candidate.UseSourceIp ? candidate.SourceIp : "any";
        var result = tx.Add(new KeyAddRequest(name, ip, Policy: KeyIdPolicy.Authd, CheckDuplicateIp: false));
        if (!result.Succeeded || result.Entry is not { } entry)
        {
            return EnrollmentOutcome.InternalError;
        }

        return new EnrollmentOutcome(EnrollmentOutcomeStatus.Added, new EnrollmentKey(entry.Id, entry.Name, entry.IpField, entry.Key));
    }
}
