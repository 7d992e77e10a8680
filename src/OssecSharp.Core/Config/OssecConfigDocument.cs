using System.Xml;

namespace OssecSharp.Core.Config;

/// <summary>
/// An OSSEC configuration file: one or more <c>&lt;ossec_config&gt;</c> roots (legal in OSSEC, not in XML),
/// comments, elements that remember file and line. Parsed by wrapping the text in one synthetic root.
/// </summary>
public sealed class OssecConfigDocument
{
    /// <summary>The root element name of ossec.conf blocks.</summary>
    public const string RootName = "ossec_config";

    private const string WrapperName = "ossecsharp-wrapper";

    private OssecConfigDocument(string file, IReadOnlyList<ConfigElement> roots)
    {
        File = file;
        Roots = roots;
    }

    /// <summary>The file read.</summary>
    public string File { get; }

    /// <summary>Every top-level element in order (normally all <c>ossec_config</c>).</summary>
    public IReadOnlyList<ConfigElement> Roots { get; }

    /// <summary>Reads and parses <paramref name="path"/>; a missing or malformed file is a <see cref="ConfigException"/>.</summary>
    public static OssecConfigDocument Load(string path)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, 0, RootName, "cannot read the configuration file: " + Hosting.FileAccessError.Describe(ex), ex);
        }

        return Parse(text, path);
    }

    /// <summary>Parses configuration text; <paramref name="file"/> is used in error messages.</summary>
    public static OssecConfigDocument Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var wrapped = "<" + WrapperName + ">" + BlankDeclaration(text) + "</" + WrapperName + ">";
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        var roots = new List<ConfigElement>();
        var stack = new Stack<ConfigElement>();
        using var reader = XmlReader.Create(new StringReader(wrapped), settings);
        var lineInfo = (IXmlLineInfo)reader;
        try
        {
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element when reader.Depth == 0:
                        break;
                    case XmlNodeType.Element:
                        var element = ReadElement(reader, lineInfo, stack, file);
                        (stack.Count == 0 ? roots : stack.Peek().ChildList).Add(element);
                        if (!reader.IsEmptyElement)
                        {
                            stack.Push(element);
                        }

                        break;
                    case XmlNodeType.EndElement when stack.Count > 0:
                        stack.Pop();
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA when stack.Count > 0:
                        var top = stack.Peek();
                        top.Value = (top.Value + reader.Value).Trim();
                        break;
                }
            }
        }
        catch (XmlException ex)
        {
            var where = stack.Count > 0 ? stack.Peek().Path : RootName;
            throw new ConfigException(file, ex.LineNumber, where, "malformed XML: " + ex.Message, ex);
        }

        return new OssecConfigDocument(file, roots);
    }

    /// <summary>All sections with this name inside every <c>ossec_config</c> root, in file order.</summary>
    public IEnumerable<ConfigElement> Sections(string name) =>
        Roots.Where(r => string.Equals(r.Name, RootName, StringComparison.Ordinal))
            .SelectMany(r => r.ChildrenNamed(name));

    private static ConfigElement ReadElement(XmlReader reader, IXmlLineInfo lineInfo, Stack<ConfigElement> stack, string file)
    {
        var name = reader.Name;
        var path = stack.Count switch
        {
            0 => name,
            1 => name,
            _ => stack.Peek().Path + "/" + name,
        };
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                attributes[reader.Name] = reader.Value;
            }
            while (reader.MoveToNextAttribute());

            reader.MoveToElement();
        }

        return new ConfigElement(name, path, file, lineInfo.LineNumber, attributes);
    }

    /// <summary>An XML declaration is only legal at the very start; blank it without moving line numbers.</summary>
    private static string BlankDeclaration(string text)
    {
        var start = text.IndexOf("<?xml", StringComparison.Ordinal);
        if (start < 0 || !string.IsNullOrWhiteSpace(text[..start]))
        {
            return text;
        }

        var end = text.IndexOf("?>", start, StringComparison.Ordinal);
        if (end < 0)
        {
            return text;
        }

        var blank = new string(' ', end + 2 - start);
        return string.Concat(text.AsSpan(0, start), blank, text.AsSpan(end + 2));
    }
}
