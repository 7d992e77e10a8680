namespace OssecSharp.Core.Config;

/// <summary>A configuration error naming the file, the line and the setting at fault.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception; the message reads <c>&lt;file&gt;:&lt;line&gt;: &lt;setting&gt;: &lt;reason&gt;</c>.</summary>
    public ConfigException(string file, int line, string setting, string reason, Exception? inner = null)
        : base(Format(file, line, setting, reason), inner)
    {
        File = file;
        Line = line;
        Setting = setting;
        Reason = reason;
    }

    /// <summary>The file read.</summary>
    public string File { get; }

    /// <summary>1-based line (0 when unknown, e.g. a missing file).</summary>
    public int Line { get; }

    /// <summary>The element or option, e.g. <c>client/port</c> or <c>remoted.recv_counter_flush</c>.</summary>
    public string Setting { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>Builds the error for one element.</summary>
    public static ConfigException For(ConfigElement element, string reason) =>
        new(element.File, element.Line, element.Path, reason);

    private static string Format(string file, int line, string setting, string reason) =>
        line > 0 ? $"{file}:{line}: {setting}: {reason}" : $"{file}: {setting}: {reason}";
}
