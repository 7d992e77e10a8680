using System.Text;

namespace OssecSharp.Core.Hosting;

/// <summary>
/// Forwards to a writer until <see cref="Detach"/>, then drops everything. A daemonized child logs its start-up to
/// stderr (the launcher forwards it) and stops once started: .NET's Console.Error holds its own dup of fd 2, so
/// redirecting fd 2 alone would leave it writing to the launcher's closed pipe.
/// </summary>
internal sealed class DetachableWriter : TextWriter
{
    private volatile TextWriter _target;

    /// <summary>Wraps <paramref name="target"/>.</summary>
    public DetachableWriter(TextWriter target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _target = target;
    }

    /// <inheritdoc />
    public override Encoding Encoding => _target.Encoding;

    /// <summary>From now on, writes go nowhere.</summary>
    public void Detach() => _target = Null;

    /// <inheritdoc />
    public override void Write(char value) => _target.Write(value);

    /// <inheritdoc />
    public override void Write(string? value) => _target.Write(value);

    /// <inheritdoc />
    public override void WriteLine(string? value) => _target.WriteLine(value);

    /// <inheritdoc />
    public override void Flush() => _target.Flush();
}
