using OssecSharp.Core;
using OssecSharp.Core.Cli;

namespace OssecSharp.AgentControl;

/// <summary>agent_control's fixed texts (src/util/agent_control.c; agent_control.json).</summary>
internal static class AgentControlText
{
    public const string Tool = "agent_control";

    public static string Prefix => ProductInfo.OssecName + " " + Tool;

    /// <summary>helpmsg() exactly as OSSEC prints it, on stdout (after a usage error, then exit 1).</summary>
    public static string Help =>
        "\n" + Prefix + ": Control remote agents.\n"
        + "Available options:\n"
        + "\t-h          This help message.\n"
        + "\t-l          List available (active or not) agents.\n"
        + "\t-lc         List active agents.\n"
        + "\t-i <id>     Extracts information from an agent.\n"
        + "\t-R <id>     Restarts agent.\n"
        + "\t-r -a       Runs the integrity/rootkit checking on all agents now.\n"
        + "\t-r          Runs the integrity/rootkit checking on one agent now.\n\n"
        + "\t-M <action> FIM maintenance: enable|disable|status|end (use with -u).\n"
        + "\t            Prefer 'end' after patching (scan then clear). 'disable' is immediate.\n"
        + "\t-b <ip>     Blocks the specified ip address.\n"
        + "\t-f <ar>     Used with -b, specifies which response to run.\n"
        + "\t-L          List available active responses.\n"
        + "\t-m          Show the limit of agents that can be added.\n"
        + "\t-s          Changes the output to CSV (comma delimited).\n"
        + "\t-j          Changes the output to JSON .\n"
        + "\t-u <id>     Used with -r, -b, and -M. Specifies the agent to use.\n";

    /// <summary>
    /// <c>-h</c>: OSSEC's lines exactly, then OssecSharp's own options, so that a diff against OSSEC shows only
    /// additions (the usage printed after an error stays OSSEC's byte for byte).
    /// </summary>
    public static string FullHelp => Help
        + "\t--reset-counter <id>  Forgets the manager's message counter of one agent\n"
        + "\t            (after an agent reinstall or a VM snapshot revert; OssecSharp).\n";

    /// <summary>print_version(): on stderr, then exit 0.</summary>
    public const string Version = ProductInfo.OssecToolVersionText;

    public const string UnableToConnect = "\n** Unable to connect to remoted.\n";

    public const string InvalidCombination = "\n** Invalid argument combination.\n";

    public static string InvalidAgentId(string id) => $"\n** Invalid agent id '{id}'.\n";

    /// <summary>The JSON error object OSSEC prints with -j: <c>{"error":N,"description":"…"}</c>.</summary>
    public static string JsonError(int code, string description) =>
        new CJsonObject().Add("error", code).Add("description", description).ToString();

    /// <summary>The JSON answer of a request: <c>{"error":0,"response":"…"}</c>.</summary>
    public static string JsonResponse(string response) =>
        new CJsonObject().Add("error", 0).Add("response", response).ToString();
}
