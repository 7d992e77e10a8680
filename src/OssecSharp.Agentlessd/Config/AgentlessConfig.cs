using System.Globalization;

namespace OssecSharp.Agentlessd.Config;

/// <summary>
/// The <c>&lt;agentless&gt;</c> blocks of <c>ossec.conf</c>, validated as OSSEC's <c>Read_CAgentless</c> does
/// (same messages and codes), plus what OSSEC does not check: the type must be a plain file name and a host
/// may not hold characters that would let it escape the state folders.
/// </summary>
internal sealed class AgentlessConfig
{
    private AgentlessConfig(IReadOnlyList<AgentlessEntry> entries) => Entries = entries;

    /// <summary>The blocks, in file order.</summary>
    public IReadOnlyList<AgentlessEntry> Entries { get; }

    /// <summary>
    /// Validates the blocks. <paramref name="scriptExists"/> says whether <c>agentless/&lt;type&gt;</c> exists;
    /// <paramref name="agentlessDir"/> is only used in the message. Returns null and fills <paramref name="errors"/>
    /// (in OSSEC's order, without the final 1202/7101 lines) when a block is invalid.
    /// </summary>
    public static AgentlessConfig? TryCreate(IEnumerable<IReadOnlyList<AgentlessConfigElement>> blocks,
        Func<string, bool> scriptExists, string agentlessDir, out IReadOnlyList<AgentlessConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(scriptExists);
        var list = new List<AgentlessConfigError>();
        var entries = new List<AgentlessEntry>();
        foreach (var block in blocks)
        {
            var entry = ParseBlock(block, scriptExists, agentlessDir, list);
            if (entry is null)
            {
                errors = list;
                return null;
            }

            entries.Add(entry);
        }

        errors = list;
        return new AgentlessConfig(entries);
    }

    private static AgentlessEntry? ParseBlock(IReadOnlyList<AgentlessConfigElement> block, Func<string, bool> scriptExists,
        string agentlessDir, List<AgentlessConfigError> errors)
    {
        string? type = null;
        var frequency = AgentlessEntry.DefaultFrequency;
        var hosts = new List<(string Privilege, string Target)>();
        var state = AgentlessStateFlags.None;
        var arguments = string.Empty;
        int? port = null;
        foreach (var element in block)
        {
            var value = element.Value.Trim();
            switch (element.Name)
            {
                case "type":
                    if (!IsPlainFileName(value) || !scriptExists(value))
                    {
                        errors.Add(new(null, $"Unable to find '{value}' at '{agentlessDir}'."));
                        return Invalid(errors, "type", value);
                    }

                    type = value;
                    break;
                case "frequency":
                    if (!IsDigits(value) || !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out frequency))
                    {
                        return Invalid(errors, "frequency", value);
                    }

                    break;
                case "port":
                    if (!IsDigits(value) || !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                        || p is < 1 or > 65535)
                    {
                        return Invalid(errors, "port", value);
                    }

                    port = p;
                    break;
                case "host":
                    var host = ParseHost(value);
                    if (host is null)
                    {
                        return Invalid(errors, "host", value);
                    }

                    hosts.Add(host.Value);
                    break;
                case "state":
                    var flag = value switch
                    {
                        "periodic" => AgentlessStateFlags.Periodic,
                        "periodic_diff" => AgentlessStateFlags.Periodic | AgentlessStateFlags.Diff,
                        "stay_connected" => AgentlessStateFlags.StayConnected,
                        _ => AgentlessStateFlags.None,
                    };
                    if (flag == AgentlessStateFlags.None)
                    {
                        return Invalid(errors, "state", value);
                    }

                    state |= flag;
                    break;
                case "arguments":
                    arguments = value;
                    break;
                case "run_command":
                    break; // parsed and unused, as in OSSEC
                default:
                    errors.Add(new(1230, $"Invalid element in the configuration: '{element.Name}'."));
                    return null;
            }
        }

        if (type is null || hosts.Count == 0 || state == AgentlessStateFlags.None)
        {
            errors.Add(new(7103, "Missing agentless options."));
            return null;
        }

        if (state == AgentlessStateFlags.Periodic && frequency == 0)
        {
            errors.Add(new(7102, "Frequency not set for the periodic option."));
            return null;
        }

        var resolved = hosts.Select(h => new AgentlessHost(h.Privilege, h.Target, WithPort(h.Target, port))).ToList();
        return new AgentlessEntry(type, frequency, resolved, state, arguments, port);
    }

    private static AgentlessEntry? Invalid(List<AgentlessConfigError> errors, string element, string value)
    {
        errors.Add(new(1235, $"Invalid value for element '{element}': {value}."));
        return null;
    }

    /// <summary><c>[use_su |use_sudo ]user@host[:port]</c> with nothing that could leave a state folder or a log line.</summary>
    internal static (string Privilege, string Target)? ParseHost(string value)
    {
        var privilege = string.Empty;
        foreach (var prefix in new[] { "use_su ", "use_sudo " })
        {
            if (value.StartsWith(prefix, StringComparison.Ordinal))
            {
                privilege = prefix.TrimEnd();
                value = value[prefix.Length..];
                break;
            }
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == value.Length - 1 || !IsSafeName(value) || value.Contains('|', StringComparison.Ordinal)
            || value.Contains(' ', StringComparison.Ordinal) || value[0] == '-')
        {
            return null;
        }

        return (privilege, value);
    }

    /// <summary>A name usable as one path component: no separator, no control character, not <c>.</c>/<c>..</c>/hidden.</summary>
    public static bool IsSafeName(string value) =>
        value.Length is > 0 and <= 255 && value[0] != '.' && !value.Contains('/', StringComparison.Ordinal)
        && !value.Any(char.IsControl);

    private static bool IsPlainFileName(string value) =>
        IsSafeName(value) && !value.Contains(' ', StringComparison.Ordinal) && !value.Contains('\\', StringComparison.Ordinal);

    private static bool IsDigits(string value) => value.Length is > 0 and <= 9 && value.All(char.IsAsciiDigit);

    private static string WithPort(string target, int? port)
    {
        if (port is null)
        {
            return target;
        }

        var hostPart = target[(target.IndexOf('@', StringComparison.Ordinal) + 1)..];
        var hasPort = hostPart.StartsWith('[') ? hostPart.Contains("]:", StringComparison.Ordinal) : hostPart.Count(c => c == ':') == 1;
        if (hasPort)
        {
            return target;
        }

        return hostPart.Contains(':', StringComparison.Ordinal)
            ? $"{target[..(target.IndexOf('@', StringComparison.Ordinal) + 1)]}[{hostPart}]:{port.Value.ToString(CultureInfo.InvariantCulture)}"
            : $"{target}:{port.Value.ToString(CultureInfo.InvariantCulture)}";
    }
}
