namespace OssecSharp.Core.Config;

/// <summary>
/// The top-level sections OSSEC 4.2's config reader knows inside <c>&lt;ossec_config&gt;</c>. Anything else is
/// fatal in OSSEC (1230); so is a section with no children (control-and-files.md §4).
/// </summary>
public static class OssecSections
{
    /// <summary>Section names OSSEC accepts (its daemons ignore the ones they do not own).</summary>
    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "global", "email_alerts", "database_output", "rules", "syscheck", "rootcheck", "alerts", "localfile",
        "remote", "client", "command", "active-response", "agentless", "reports", "syslog_output",
        "integration", "labels", "socket", "prelude_output", "zeromq_output", "csyslog_output", "agent_config",
        // Wazuh's agent buffer, read by ossec-agentd.
        "client_buffer",
    };

    /// <summary>Throws a <see cref="ConfigException"/> for the first unknown or empty section.</summary>
    public static void Validate(OssecConfigDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var root in document.Roots.Where(r => r.Name == OssecConfigDocument.RootName))
        {
            foreach (var section in root.Children)
            {
                if (!Known.Contains(section.Name))
                {
                    throw ConfigValues.Unknown(section);
                }

                if (section.Children.Count == 0 && section.Value.Length == 0)
                {
                    throw ConfigException.For(section, $"Empty section '{section.Name}'.");
                }
            }
        }
    }
}
