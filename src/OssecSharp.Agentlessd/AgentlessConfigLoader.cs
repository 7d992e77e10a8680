using System.Text.RegularExpressions;
using System.Xml;
using OssecSharp.Core.Config;

namespace OssecSharp.Agentlessd;

/// <summary>
/// Reads the <c>&lt;agentless&gt;</c> blocks of an <c>ossec.conf</c> (several <c>&lt;ossec_config&gt;</c> roots,
/// comments, bare <c>&amp;</c> as OSSEC's parser accepts). Temporary until the Core config document lands.
/// </summary>
internal static partial class AgentlessConfigLoader
{
    public static List<IReadOnlyList<AgentlessConfigElement>> ReadBlocks(string file)
    {
        var text = BareAmpersand().Replace(File.ReadAllText(file), "&amp;");
        var settings = new XmlReaderSettings
        {
            ConformanceLevel = ConformanceLevel.Fragment,
            DtdProcessing = DtdProcessing.Prohibit,
            IgnoreComments = true,
            XmlResolver = null,
        };
        var blocks = new List<IReadOnlyList<AgentlessConfigElement>>();
        using var reader = XmlReader.Create(new StringReader(text), settings);
        var info = (IXmlLineInfo)reader;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.Name != "agentless" || reader.Depth != 1)
            {
                continue;
            }

            var block = new List<AgentlessConfigElement>();
            if (!reader.IsEmptyElement)
            {
                var depth = reader.Depth;
                while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.Depth == depth + 1)
                    {
                        var line = info.LineNumber;
                        var name = reader.Name;
                        var value = reader.IsEmptyElement ? string.Empty : reader.ReadElementContentAsString();
                        block.Add(new AgentlessConfigElement(name, value, line));
                    }
                }
            }

            blocks.Add(block);
        }

        return blocks;
    }

    [GeneratedRegex("&(?!(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)")]
    private static partial Regex BareAmpersand();
}
