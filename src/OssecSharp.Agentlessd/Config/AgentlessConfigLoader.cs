using System.Text.RegularExpressions;
using OssecSharp.Core.Config;
using OssecSharp.Core.Hosting;
using OssecSharp.Core.Logging;

namespace OssecSharp.Agentlessd.Config;

/// <summary>
/// Reads agentlessd's configuration (<see cref="AgentlessConfig"/>) from the <c>&lt;agentless&gt;</c> blocks of an
/// <c>ossec.conf</c>, through the Core config document. OSSEC's own XML reader takes a bare <c>&amp;</c> literally
/// (common in <c>&lt;arguments&gt;</c>: <c>cmd1 &amp;&amp; cmd2</c>), so bare ampersands are escaped before parsing.
/// </summary>
internal static partial class AgentlessConfigLoader
{
    /// <summary>
    /// Reads and validates the configuration. When it is invalid, logs OSSEC's lines (each error, 1202, 7101: the same
    /// for <c>-t</c>, cron runs and the daemon) and throws <see cref="StartupRefusedException"/>. An absent
    /// <c>&lt;agentless&gt;</c> section gives an empty configuration.
    /// </summary>
    public static AgentlessConfig Load(DaemonContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configFile = context.ConfigFile;
        var log = context.Logger;
        IReadOnlyList<AgentlessConfigError> errors;
        try
        {
            var blocks = ReadBlocks(configFile);
            var scripts = context.Paths.AgentlessDir;
            if (AgentlessConfig.TryCreate(blocks, type => File.Exists(Path.Combine(scripts, type)), scripts, out errors) is { } config)
            {
                return config;
            }
        }
        catch (ConfigException e)
        {
            errors = [new AgentlessConfigError(1226, $"Error reading XML file '{configFile}': {e.Reason}")];
        }

        foreach (var error in errors)
        {
            (error.Code is { } code ? log.WithCode(code) : log).Error("{Message}", error.Message);
        }

        log.WithCode(1202).Error("Configuration error at '{File}'. Exiting.", configFile);
        log.WithCode(7101).Error("Invalid agentless configuration.");
        throw new StartupRefusedException("Invalid agentless configuration.");
    }

    private static List<IReadOnlyList<AgentlessConfigElement>> ReadBlocks(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(file, 0, OssecConfigDocument.RootName, "cannot read the configuration file: " + FileAccessError.Describe(ex), ex);
        }

        var document = OssecConfigDocument.Parse(BareAmpersand().Replace(text, "&amp;"), file);
        return document.Roots
            .Where(r => r.Name == OssecConfigDocument.RootName)
            .SelectMany(r => r.ChildrenNamed("agentless"))
            .Select(block => (IReadOnlyList<AgentlessConfigElement>)block.Children
                .Select(c => new AgentlessConfigElement(c.Name, c.Value, c.Line)).ToList())
            .ToList();
    }

    [GeneratedRegex("&(?!(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)")]
    private static partial Regex BareAmpersand();
}
