using OssecSharp.Agentd.Local;
using OssecSharp.Agentd.Session;
using OssecSharp.Core.Crypto;

namespace OssecSharp.Agentd;

/// <summary>agentd's configuration, the one record <see cref="AgentdConfigLoader"/> fills from ossec.conf and the internal
/// options. A new option is one property here plus one line in the loader.</summary>
internal sealed record AgentdConfig
{
    public required SessionOptions Session { get; init; }

    public CryptoMethod Crypto { get; init; } = CryptoMethod.Aes;

    public bool DisableActiveResponse { get; init; }

    public string? ConfigProfile { get; init; }

    /// <summary>Wazuh's <c>client_buffer</c>: on by default.</summary>
    public bool BufferEnabled { get; init; } = true;

    public int QueueSize { get; init; } = 5000;

    public int EventsPerSecond { get; init; } = 500;

    public IReadOnlyList<LocalFileSpec> LocalFiles { get; init; } = [];

    /// <summary>OSSEC's <c>logcollector.loop_timeout</c> (2 s).</summary>
    public TimeSpan LogcollectorLoop { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often <c>var/run/ossec-agentd.state</c> is refreshed (Wazuh's <c>agent.state_interval</c>, 5 s).</summary>
    public TimeSpan StateInterval { get; init; } = TimeSpan.FromSeconds(5);

    public int ReceiveCounterFlush { get; init; } = 128;

    public bool VerifyMessageId { get; init; } = true;
}
