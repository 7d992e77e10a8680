using System.Text;
using OssecSharp.Core.Metrics;
using Serilog;

namespace OssecSharp.Core.Hosting;

/// <summary>
/// Refreshes <c>var/run/&lt;daemon&gt;.state</c> every few seconds from a provider: a comment header, then
/// <c>key='value'</c> lines (the shape Wazuh's remoted/agentd state files use), replaced atomically.
/// </summary>
public sealed class StateFileWriter
{
    private const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
    private readonly string _path;
    private readonly string _daemon;
    private readonly Func<IEnumerable<KeyValuePair<string, string>>> _provider;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly Func<IEnumerable<PromMetric>>? _metrics;

    /// <summary>
    /// Creates the writer; nothing is written until <see cref="WriteOnce"/> or <see cref="RunAsync"/>. With
    /// <paramref name="metrics"/>, <c>&lt;daemon&gt;.prom</c> (Prometheus text format) is replaced beside it each time.
    /// </summary>
    public StateFileWriter(
        string path, string daemon, Func<IEnumerable<KeyValuePair<string, string>>> provider, TimeSpan interval, ILogger logger,
        Func<IEnumerable<PromMetric>>? metrics = null)
    {
        _metrics = metrics;
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(logger);
        _path = path;
        _daemon = daemon;
        _provider = provider;
        _interval = interval;
        _logger = logger.ForContext<StateFileWriter>();
    }

    /// <summary>The state file text for the given values.</summary>
    public static string Render(string daemon, IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var builder = new StringBuilder();
        builder.Append("# State file for ").Append(daemon).Append('\n').Append('\n');
        foreach (var (key, value) in values)
        {
            // Quotes and newlines inside a value would break the key='value' shell-style reading.
            var clean = value.Replace('\'', '"').Replace('\n', ' ').Replace('\r', ' ');
            builder.Append(key).Append("='").Append(clean).Append("'\n");
        }

        return builder.ToString();
    }

    /// <summary>Writes the file now; false (and a warning) when it could not be written.</summary>
    public bool WriteOnce()
    {
        try
        {
            AtomicFile.Write(_path, Encoding.UTF8.GetBytes(Render(_daemon, _provider())), Mode);
            if (_metrics is not null)
            {
                PromTextFormat.WriteFile(PromTextFormat.PathBeside(_path), _metrics());
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.Warning("Unable to write state file {Path}: {Reason}", _path, ex.Message);
            return false;
        }
    }

    /// <summary>Writes the file every interval until cancelled, then once more so the last figures are kept.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            WriteOnce();
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                WriteOnce();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Orderly stop.
        }

        WriteOnce();
    }
}
