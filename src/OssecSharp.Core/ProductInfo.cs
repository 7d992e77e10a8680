namespace OssecSharp.Core;

/// <summary>Names and versions shown by <c>-V</c>, banners and keepalives.</summary>
public static class ProductInfo
{
    /// <summary>Our product name, as shown in banners.</summary>
    public const string Name = "OssecSharp";

    /// <summary>Our own version.</summary>
    public const string Version = "1.0.0";

    /// <summary>The OSSEC release whose wire formats and outputs we reproduce.</summary>
    public const string OssecVersion = "v4.2.0";

    /// <summary>The name OSSEC uses in its outputs ("OSSEC HIDS").</summary>
    public const string OssecName = "OSSEC HIDS";

    /// <summary>
    /// The <c>-V</c> text of OSSEC's command-line tools (print_version), which manage_agents and agent_control print
    /// on stderr as OSSEC does, byte for byte.
    /// </summary>
    public const string OssecToolVersionText =
        " \n" + OssecName + " " + OssecVersion + " - OSSEC Foundation\n \n"
        + "This program is free software; you can redistribute it and/or modify\n"
        + "it under the terms of the GNU General Public License (version 2) as \n"
        + "published by the Free Software Foundation. For more details, go to \n"
        + "http://www.ossec.net/main/license/\n\n";
}
