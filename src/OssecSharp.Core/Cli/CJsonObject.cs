using System.Globalization;
using System.Text;

namespace OssecSharp.Core.Cli;

/// <summary>
/// One JSON object written as OSSEC's tools print theirs (cJSON_PrintUnformatted): members in insertion order, no
/// spaces, strings with only quotes, backslashes and control characters escaped (everything else as is, so the text
/// stays greppable).
/// </summary>
public sealed class CJsonObject
{
    private readonly StringBuilder _text = new("{");

    /// <summary>Adds a string member.</summary>
    public CJsonObject Add(string name, string value)
    {
        Name(name);
        AppendQuoted(_text, value);
        return this;
    }

    /// <summary>Adds a number member.</summary>
    public CJsonObject Add(string name, long value)
    {
        Name(name).Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>Adds an object member.</summary>
    public CJsonObject Add(string name, CJsonObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Name(name).Append(value);
        return this;
    }

    /// <summary>Adds an array of objects.</summary>
    public CJsonObject Add(string name, IEnumerable<CJsonObject> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Name(name).Append('[').AppendJoin(',', items).Append(']');
        return this;
    }

    /// <summary>The object's text.</summary>
    public override string ToString() => _text + "}";

    /// <summary>A JSON string as cJSON writes it.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 2);
        AppendQuoted(sb, value);
        return sb.ToString();
    }

    private StringBuilder Name(string name)
    {
        if (_text.Length > 1)
        {
            _text.Append(',');
        }

        AppendQuoted(_text, name);
        return _text.Append(':');
    }

    private static void AppendQuoted(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                '\b' => sb.Append("\\b"),
                '\f' => sb.Append("\\f"),
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                < ' ' => sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => sb.Append(c),
            };
        }

        sb.Append('"');
    }
}
