namespace OssecSharp.Core.Config;

/// <summary>One element of an OSSEC XML configuration file, with where it was read.</summary>
public sealed class ConfigElement
{
    internal ConfigElement(
        string name, string path, string file, int line, IReadOnlyDictionary<string, string> attributes)
    {
        Name = name;
        Path = path;
        File = file;
        Line = line;
        Attributes = attributes;
    }

    /// <summary>The element name.</summary>
    public string Name { get; }

    /// <summary>Slash-separated path below <c>ossec_config</c>, e.g. <c>client/server-ip</c>.</summary>
    public string Path { get; }

    /// <summary>The file the element was read from.</summary>
    public string File { get; }

    /// <summary>1-based line of the start tag.</summary>
    public int Line { get; }

    /// <summary>Attributes by name.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; }

    /// <summary>Text content, trimmed of surrounding white space (empty when none).</summary>
    public string Value { get; internal set; } = string.Empty;

    /// <summary>Child elements in document order.</summary>
    public IReadOnlyList<ConfigElement> Children => ChildList;

    internal List<ConfigElement> ChildList { get; } = [];

    /// <summary>The children with this name.</summary>
    public IEnumerable<ConfigElement> ChildrenNamed(string name) =>
        ChildList.Where(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>An attribute or null.</summary>
    public string? Attribute(string name) => Attributes.GetValueOrDefault(name);

    /// <inheritdoc/>
    public override string ToString() => $"<{Name}> ({File}:{Line})";
}
