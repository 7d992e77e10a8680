using Serilog;

namespace OssecSharp.Core.Logging;

/// <summary>
/// Property names and helpers that shape one ossec.log line: a message number (<c>ossec-remoted(1408): ERROR: …</c>)
/// or an unprefixed helper line (<c>YYYY/MM/DD HH:MM:SS Accepting connections. …</c>).
/// </summary>
public static class OssecLog
{
    /// <summary>Property holding OSSEC's message number, shown as <c>tag(code)</c>.</summary>
    public const string CodeProperty = "OssecCode";

    /// <summary>Property that, when true, writes the line without the <c>tag: LEVEL:</c> prefix.</summary>
    public const string UnprefixedProperty = "OssecUnprefixed";

    /// <summary>Property that overrides the tag (daemon name) of one logger, e.g. a helper inside another process.</summary>
    public const string TagProperty = "OssecTag";

    /// <summary>A logger whose lines carry OSSEC's message number: <c>ossec-remoted(1408): ERROR: …</c>.</summary>
    public static ILogger WithCode(this ILogger logger, int code) => logger.ForContext(CodeProperty, code);

    /// <summary>A logger whose lines have only the timestamp before the text, as some OSSEC helper lines do.</summary>
    public static ILogger Unprefixed(this ILogger logger) => logger.ForContext(UnprefixedProperty, true);
}
