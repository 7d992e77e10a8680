using System.Globalization;

namespace OssecSharp.AgentControl;

/// <summary>agent_control's merror lines on stderr: <c>YYYY/MM/DD HH:MM:SS agent_control(&lt;code&gt;): ERROR: …</c>.</summary>
internal sealed class ToolErrorLog
{
    private readonly TextWriter _stderr;
    private readonly TimeProvider _time;

    public ToolErrorLog(TextWriter stderr, TimeProvider time)
    {
        _stderr = stderr;
        _time = time;
    }

    public void Error(int code, string text)
    {
        var now = _time.GetLocalNow().ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture);
        _stderr.Write(string.Create(CultureInfo.InvariantCulture, $"{now} {AgentControlText.Tool}({code}): ERROR: {text}\n"));
        _stderr.Flush();
    }
}
