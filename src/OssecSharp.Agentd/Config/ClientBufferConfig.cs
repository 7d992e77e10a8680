using OssecSharp.Core.Config;

namespace OssecSharp.Agentd.Config;

/// <summary>
/// The agent's <c>&lt;client_buffer&gt;</c> (Wazuh's element names, not an OSSEC 4.2 section): a bounded queue that
/// holds events while the manager is unreachable and paces them to <c>events_per_second</c>.
/// <code>
/// &lt;client_buffer&gt;
///   &lt;disabled&gt;no&lt;/disabled&gt;
///   &lt;queue_size&gt;5000&lt;/queue_size&gt;
///   &lt;events_per_second&gt;500&lt;/events_per_second&gt;
/// &lt;/client_buffer&gt;
/// </code>
/// </summary>
internal sealed class ClientBufferConfig
{
    /// <summary>The section name inside <c>&lt;ossec_config&gt;</c>.</summary>
    public const string SectionName = "client_buffer";

    /// <summary>Wazuh's default queue size.</summary>
    public const int DefaultQueueSize = 5000;

    /// <summary>Wazuh's default rate.</summary>
    public const int DefaultEventsPerSecond = 500;

    /// <summary>Largest queue accepted (Wazuh's limit).</summary>
    public const int MaxQueueSize = 100_000;

    /// <summary>Largest rate accepted (Wazuh stops at 1000; an OssecSharp agent can send faster).</summary>
    public const int MaxEventsPerSecond = 100_000;

    /// <summary>True when <c>disabled</c> is <c>yes</c>: OSSEC's behaviour, no buffer and no rate cap.</summary>
    public bool Disabled { get; private set; }

    /// <summary>Events held at most.</summary>
    public int QueueSize { get; private set; } = DefaultQueueSize;

    /// <summary>Events sent per second at most.</summary>
    public int EventsPerSecond { get; private set; } = DefaultEventsPerSecond;

    /// <summary>Reads every <c>&lt;client_buffer&gt;</c> block (later values win); the defaults when there is none.</summary>
    public static ClientBufferConfig From(OssecConfigDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var config = new ClientBufferConfig();
        foreach (var block in document.Sections(SectionName))
        {
            foreach (var e in block.Children)
            {
                ConfigValues.NoChildren(e);
                switch (e.Name)
                {
                    case "disabled":
                        config.Disabled = ConfigValues.YesNo(e);
                        break;
                    case "queue_size":
                        config.QueueSize = ConfigValues.Int(e, 1, MaxQueueSize);
                        break;
                    case "events_per_second":
                        config.EventsPerSecond = ConfigValues.Int(e, 1, MaxEventsPerSecond);
                        break;
                    default:
                        throw ConfigValues.Unknown(e);
                }
            }
        }

        return config;
    }
}
