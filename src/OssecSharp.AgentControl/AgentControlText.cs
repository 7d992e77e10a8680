using OssecSharp.Core;

namespace OssecSharp.AgentControl;

/// <summary>agent_control's fixed texts (src/util/agent_control.c, OSSEC 4.2).</summary>
internal static class AgentControlText
{
    public const string Tool = "agent_control";

    public static string Prefix => ProductInfo.OssecName + " " + Tool;

    /// <summary>helpmsg(): on stdout, then exit 1.</summary>
    public static string Help =>
        "\n" + Prefix + ": Control remote agents.\n"
        + "Available options:\n"
        + "\t-h          This help message.\n"
        + "\t-l          List available (active or not) agents.\n"
        + "\t-lc         List active agents.\n"
        + "\t-i <id>     Extracts information from an agent.\n"
        + "\t-R <id>     Restarts agent.\n"
        + "\t-r -a       Runs the integrity/rootkit checking on all agents now.\n"
        + "\t-r -u <id>  Runs the integrity/rootkit checking on one agent now.\n\n"
        + "\t-b <ip>     Blocks the specified ip address.\n"
        + "\t-f <ar>     Used with -b, specifies which response to run.\n"
        + "\t-L          List available active responses.\n"
        + "\t-s          Changes the output to CSV (comma delimited).\n"
        + "\t-j          Changes the output to JSON .\n";

    /// <summary>print_version(): on stderr, then exit 0.</summary>
    public static string Version =>
        " \n" + ProductInfo.OssecName + " " + ProductInfo.OssecVersion + " - OSSEC Foundation\n \n"
        + "This program is free software; you can redistribute it and/or modify\n"
        + "it under the terms of the GNU General Public License (version 2) as \n"
        + "published by the Free Software Foundation. For more details, go to \n"
        + "http://www.ossec.net/main/license/\n\n";

    public const string UnableToConnect = "\n** Unable to connect to remoted.\n";

    public const string InvalidCombination = "\n** Invalid argument combination.\n";

    public static string InvalidAgentId(string id) => $"\n** Invalid agent id '{id}'.\n";
}
