using System.Diagnostics;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.ManageAgents;

/// <summary>
/// One of our executables on a real pseudo-terminal, through a private tmux server (its own socket), driven with
/// send-keys and read with capture-pane. The command's exit code is printed after it ends so tests can read it.
/// </summary>
internal sealed class TmuxSession : IAsyncDisposable
{
    public const string ExitMarker = "[exit ";

    private readonly string _socket;

    private TmuxSession(string socket)
    {
        _socket = socket;
    }

    /// <summary>Starts <paramref name="executable"/> with OSSEC_HOME set, on a 200x50 terminal.</summary>
    public static async Task<TmuxSession> StartAsync(string executable, string ossecHome)
    {
        var session = new TmuxSession("ossecsharp-" + Guid.NewGuid().ToString("N")[..12]);
        var path = ProcessRunner.ExecutablePath(executable);
        // The pane must outlive the tool so the last screen and the exit code can be read.
        var command = $"env OSSEC_HOME='{ossecHome}' TERM=dumb '{path}'; rc=$?; echo; echo '{ExitMarker}'$rc']'; sleep 60";
        await session.TmuxAsync("new-session", "-d", "-s", "t", "-x", "200", "-y", "50", command);
        await session.TmuxAsync("set-option", "-t", "t", "history-limit", "10000");
        return session;
    }

    /// <summary>Types text (literally) then Enter.</summary>
    public Task TypeLineAsync(string text) => text.Length == 0
        ? TmuxAsync("send-keys", "-t", "t", "Enter")
        : TypeThenEnterAsync(text);

    /// <summary>Sends a key such as <c>C-c</c> or <c>C-d</c>.</summary>
    public Task SendKeyAsync(string key) => TmuxAsync("send-keys", "-t", "t", key);

    /// <summary>The whole pane history, lines right-trimmed, trailing blank lines removed.</summary>
    public async Task<string> ScreenAsync()
    {
        var raw = await TmuxAsync("capture-pane", "-p", "-t", "t", "-S", "-", "-E", "-");
        return Normalize(raw);
    }

    /// <summary>Waits until the screen satisfies <paramref name="condition"/>; returns the last screen either way.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        string screen;
        do
        {
            screen = await ScreenAsync();
            if (condition(screen))
            {
                return screen;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        return screen;
    }

    /// <summary>The exit code printed after the tool ended, or null while it runs.</summary>
    public static int? ExitCode(string screen)
    {
        var at = screen.LastIndexOf(ExitMarker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var end = screen.IndexOf(']', at);
        return end > at && int.TryParse(screen.AsSpan(at + ExitMarker.Length, end - at - ExitMarker.Length), out var code) ? code : null;
    }

    /// <summary>Right-trims every line and drops trailing blank lines (as a terminal shows text).</summary>
    public static string Normalize(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return string.Join('\n', lines);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await TmuxAsync("kill-server");
        }
        catch (InvalidOperationException)
        {
        }
    }

    private async Task TypeThenEnterAsync(string text)
    {
        await TmuxAsync("send-keys", "-t", "t", "-l", text);
        await TmuxAsync("send-keys", "-t", "t", "Enter");
    }

    private async Task<string> TmuxAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("tmux")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-L");
        psi.ArgumentList.Add(_socket);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("tmux did not start");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed: {await stderr}");
        }

        return await stdout;
    }
}
