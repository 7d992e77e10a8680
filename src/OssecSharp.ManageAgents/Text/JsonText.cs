using System.Globalization;
using OssecSharp.Core.Cli;

namespace OssecSharp.ManageAgents.Text;

/// <summary>The one-line JSON objects OSSEC prints with cJSON_PrintUnformatted.</summary>
internal static class JsonText
{
    public static string Response(string response) => "{\"error\":0,\"response\":" + CJsonObject.Quote(response) + "}";

    public static string Error(int code, string description) =>
        "{\"error\":" + code.ToString(CultureInfo.InvariantCulture) + ",\"description\":" + CJsonObject.Quote(description) + "}";
}
