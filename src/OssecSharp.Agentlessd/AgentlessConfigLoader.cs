using System.Text.RegularExpressions;
using OssecSharp.Core.Config;

namespace OssecSharp.Agentlessd;

/// <summary>
/// Reads the <c>&lt;agentless&gt;</c> blocks of an <c>ossec.conf</c> through the Core config document. OSSEC's own
/// XML reader takes a bare <c>&amp;</c> literally (common in <c>&lt;arguments&gt;</c>: <c>cmd1 &amp;&amp; cmd2</c>), so
/// bare ampersands are escaped before parsing.
/// </summary>
internal static partial class AgentlessConfigLoader
{
    public static List<IReadOnlyList<AgentlessConfigElement>> ReadBlocks(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(file, 0, OssecConfigDocument.RootName, "cannot read the configuration file: " + Core.Hosting.FileAccessError.Describe(ex), ex);
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
