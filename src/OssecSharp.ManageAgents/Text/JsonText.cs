using System.Globalization;
using System.Text;

namespace OssecSharp.ManageAgents.Text;

/// <summary>The one-line JSON objects OSSEC prints with cJSON_PrintUnformatted.</summary>
internal static class JsonText
{
    public static string Response(string response) => "{\"error\":0,\"response\":" + Quote(response) + "}";

    public static string Error(int code, string description) =>
        "{\"error\":" + code.ToString(CultureInfo.InvariantCulture) + ",\"description\":" + Quote(description) + "}";

    /// <summary>A JSON string as cJSON writes it: quotes, backslashes and control characters escaped.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
