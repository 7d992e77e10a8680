using System.Globalization;
using System.Text;
using OssecSharp.Core.Interop;

namespace OssecSharp.ManageAgents.Input;

/// <summary>
/// OSSEC's merror/ErrorExit for a command-line tool: <c>YYYY/MM/DD HH:MM:SS manage_agents: text</c> on stderr and
/// appended, as one whole-line write, to logs/ossec.log when the install has one.
/// </summary>
internal sealed class ToolLog
{
    private readonly TextWriter _stderr;
    private readonly string? _ossecLog;
    private readonly TimeProvider _time;

    public ToolLog(TextWriter stderr, string? ossecLog, TimeProvider time)
    {
        _stderr = stderr;
        _ossecLog = ossecLog;
        _time = time;
    }

    public void Write(string message)
    {
        var line = _time.GetLocalNow().ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + message + "\n";
        _stderr.Write(line);
        _stderr.Flush();
        if (_ossecLog is null || !Directory.Exists(Path.GetDirectoryName(_ossecLog)))
        {
            return;
        }

        // One O_APPEND write per line, as every daemon of the install does; a failure (errno) is ignored because
        // the message is on stderr already and an unwritable ossec.log must not change the outcome.
        _ = AppendFile.Append(_ossecLog, Encoding.UTF8.GetBytes(line));
    }
}
