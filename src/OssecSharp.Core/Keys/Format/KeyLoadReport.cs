using System.Text;
using OssecSharp.Core.Logging;
using Serilog;

namespace OssecSharp.Core.Keys;

/// <summary>
/// Logs the lines of client.keys a daemon did not load, each once (a reload of the same file says nothing new), with
/// its line number and the reason. OSSEC's own lines are kept where it has one (1401, 1237), with the line number
/// after them.
/// </summary>
public sealed class KeyLoadReport
{
    private const int MaxQuoted = 160;

    private readonly ILogger _log;
    private readonly HashSet<KeyLoadProblem> _reported = [];

    /// <summary>A report that writes to <paramref name="log"/> and remembers what it wrote for the daemon's life.</summary>
    public KeyLoadReport(ILogger log)
    {
        ArgumentNullException.ThrowIfNull(log);
        _log = log;
    }

    /// <summary>Logs the problems of <paramref name="table"/> not logged before by this report; returns how many.</summary>
    public int Log(KeyTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var logged = 0;
        foreach (var problem in table.Problems)
        {
            if (_reported.Add(problem))
            {
                Write(problem);
                logged++;
            }
        }

        return logged;
    }

    /// <summary>What is wrong with the line, as logged after OSSEC's message (or alone where OSSEC has none).</summary>
    public static string Describe(KeyLoadProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var line = $"client.keys line {problem.LineNumber}";
        var text = Quote(problem.Text);
        return problem.Kind switch
        {
            KeyLoadProblemKind.Malformed => $"{line}: fewer than 4 fields (id name ip key); line skipped",
            KeyLoadProblemKind.InvalidIp => $"{line}: agent '{problem.Detail}' skipped",
            KeyLoadProblemKind.InvalidId => $"{line}: invalid agent id '{text}' (1 to 8 digits expected); line skipped",
            KeyLoadProblemKind.InvalidName =>
                $"{line}: agent '{problem.Detail}' has an invalid name '{text}' (only A-Z a-z 0-9 . _ - allowed); line skipped",
            KeyLoadProblemKind.DuplicateId => $"{line}: agent id '{text}' is already used on line {problem.Detail}; line skipped",
            KeyLoadProblemKind.CarriageReturnInKey =>
                $"{line}: the key of agent '{text}' ends with a carriage return (CRLF line end); it is kept as part of the key, as OSSEC reads it",
            _ => $"{line} is longer than 2047 bytes and is read in pieces, as OSSEC does: '{text}…'",
        };
    }

    private void Write(KeyLoadProblem problem)
    {
        var why = Describe(problem);
        switch (problem.Kind)
        {
            case KeyLoadProblemKind.Malformed:
                _log.WithCode(1401).Error("Error reading authentication key: '{Line:l}'. ({Why:l})", Quote(problem.Text), why);
                break;
            case KeyLoadProblemKind.InvalidIp:
                _log.WithCode(1237).Error("Invalid ip address: '{Ip:l}'. ({Why:l})", Quote(problem.Text), why);
                break;
            case KeyLoadProblemKind.CarriageReturnInKey or KeyLoadProblemKind.LineTooLong:
                _log.Warning("{Why:l}.", why);
                break;
            default:
                _log.Error("{Why:l}.", why);
                break;
        }
    }

    // The field as it can be read in one log line: control bytes escaped, cut.
    private static string Quote(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxQuoted) + 8);
        foreach (var c in text)
        {
            if (builder.Length >= MaxQuoted)
            {
                builder.Append('…');
                break;
            }

            _ = c switch
            {
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                < ' ' or '\u007f' => builder.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}
