using System.Globalization;
using System.Text;
using Serilog.Events;
using Serilog.Parsing;

namespace OssecSharp.Core.Logging;

/// <summary>
/// Formats one event as OSSEC's ossec.log line (debug_op.c): <c>YYYY/MM/DD HH:MM:SS tag: LEVEL: text\n</c>
/// in local time. Strings are rendered literally (no quotes), as in the <c>{Message:lj}</c> template.
/// </summary>
public static class OssecLineFormatter
{
    /// <summary>OSSEC's level word for a Serilog level (debug1/debug2 both print DEBUG).</summary>
    public static string LevelName(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose or LogEventLevel.Debug => "DEBUG",
        LogEventLevel.Information => "INFO",
        LogEventLevel.Warning => "WARN",
        LogEventLevel.Error => "ERROR",
        _ => "CRITICAL",
    };

    /// <summary>The whole line, newline included.</summary>
    public static string Format(LogEvent logEvent, string tag)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var builder = new StringBuilder(128);
        builder.Append(logEvent.Timestamp.ToLocalTime().ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture));
        builder.Append(' ');
        if (!IsTrue(logEvent, OssecLog.UnprefixedProperty))
        {
            if (logEvent.Properties.TryGetValue(OssecLog.TagProperty, out var tagValue)
                && tagValue is ScalarValue { Value: string overridden })
            {
                tag = overridden;
            }

            builder.Append(tag);
            if (logEvent.Properties.TryGetValue(OssecLog.CodeProperty, out var code) && code is ScalarValue { Value: not null } scalar)
            {
                builder.Append('(').Append(Convert.ToString(scalar.Value, CultureInfo.InvariantCulture)).Append(')');
            }

            builder.Append(": ").Append(LevelName(logEvent.Level)).Append(": ");
        }

        AppendMessage(builder, logEvent);
        if (logEvent.Exception is { } exception)
        {
            // One line per event keeps the single-write guarantee; the type and message are enough for a sysadmin.
            builder.Append(" (").Append(exception.GetType().Name).Append(": ").Append(exception.Message).Append(')');
        }

        // A message must never break the one-line-per-event shape of the file.
        for (var i = 0; i < builder.Length; i++)
        {
            if (builder[i] is '\n' or '\r')
            {
                builder[i] = ' ';
            }
        }

        builder.Append('\n');
        return builder.ToString();
    }

    private static void AppendMessage(StringBuilder builder, LogEvent logEvent)
    {
        using var writer = new StringWriter(builder, CultureInfo.InvariantCulture);
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            switch (token)
            {
                case TextToken text:
                    builder.Append(text.Text);
                    break;
                case PropertyToken property when logEvent.Properties.TryGetValue(property.PropertyName, out var value):
                    if (value is ScalarValue { Value: string s })
                    {
                        builder.Append(s);
                    }
                    else
                    {
                        value.Render(writer, property.Format, CultureInfo.InvariantCulture);
                    }

                    break;
                default:
                    builder.Append(token.ToString());
                    break;
            }
        }
    }

    private static bool IsTrue(LogEvent logEvent, string property) =>
        logEvent.Properties.TryGetValue(property, out var value) && value is ScalarValue { Value: true };
}
