using System.Diagnostics;
using System.Net.Sockets;
using OssecSharp.Tests.Common;

namespace OssecSharp.IntegrationTests.Agentless;

/// <summary>
/// A real OpenSSH server on 127.0.0.1 (free port) with a test user that can log in with a key and with a
/// password. Needs root (to create the user and run sshd) and Debian's openssh-server: without them the tests
/// fail with a message saying so, never skip silently.
/// </summary>
public sealed class SshdFixture : IAsyncLifetime
{
    public const string User = "osagtest";
    public const string Password = "Osag-Test-Pass1";

    private readonly TempFolder _folder = new("ossec-sshd-");
    private Process? _sshd;

    public int Port { get; private set; }

    /// <summary>The private key whose public half is authorized for <see cref="User"/>.</summary>
    public string UserKey => _folder.Combine("userkey");

    public string HostKeyPublic => File.ReadAllText(_folder.Combine("hostkey.pub")).Trim();

    public string Log => File.Exists(_folder.Combine("sshd.log")) ? File.ReadAllText(_folder.Combine("sshd.log")) : string.Empty;

    public async Task InitializeAsync()
    {
        if (Run("id", ["-u"]).Trim() != "0")
        {
            throw new InvalidOperationException("The agentless sshd tests must run as root (they create a test user and start sshd).");
        }

        if (!File.Exists("/usr/sbin/sshd") || !File.Exists("/usr/bin/ssh"))
        {
            throw new InvalidOperationException("The agentless tests need openssh-server and openssh-client (apt-get install openssh-server; .ci/run does it).");
        }

        if (Run("id", ["-u", User], allowFailure: true).Length == 0)
        {
            Run("useradd", ["-m", "-s", "/bin/bash", User]);
        }

        Run("chpasswd", [], $"{User}:{Password}\n");
        Directory.CreateDirectory("/run/sshd");
        Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-f", _folder.Combine("hostkey")]);
        Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-f", UserKey]);
        File.Copy(UserKey + ".pub", _folder.Combine("authorized_keys"));
        Port = FreePort.Tcp();
        File.WriteAllText(_folder.Combine("sshd_config"), $"""
            Port {Port}
            ListenAddress 127.0.0.1
            # ::1 too, in case "localhost" resolves to it first (sshd goes on with 127.0.0.1 without IPv6).
            ListenAddress [::1]
            HostKey {_folder.Combine("hostkey")}
            AuthorizedKeysFile {_folder.Combine("authorized_keys")}
            PidFile {_folder.Combine("sshd.pid")}
            UsePAM no
            PasswordAuthentication yes
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            StrictModes no
            PrintMotd no
            MaxStartups 50
            AllowUsers {User}

            """);
        var psi = new ProcessStartInfo("/usr/sbin/sshd") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in new[] { "-D", "-e", "-f", _folder.Combine("sshd_config"), "-E", _folder.Combine("sshd.log") })
        {
            psi.ArgumentList.Add(arg);
        }

        _sshd = Process.Start(psi)!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                if (_sshd.HasExited)
                {
                    throw new InvalidOperationException("sshd exited at start: " + Log + await _sshd.StandardError.ReadToEndAsync());
                }

                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException("sshd did not listen within 10 s: " + Log);
    }

    public async Task DisposeAsync()
    {
        if (_sshd is not null)
        {
            if (!_sshd.HasExited)
            {
                _sshd.Kill(entireProcessTree: true);
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _sshd.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
            }

            _sshd.Dispose();
        }

        _folder.Dispose();
    }

    /// <summary>Runs a command to completion (30 s limit) and returns its stdout; empty on failure when allowed.</summary>
    internal static string Run(string file, IReadOnlyList<string> args, string? input = null, bool allowFailure = false)
    {
        var psi = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        process.StandardInput.Write(input ?? string.Empty);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish in 30 s");
        }

        if (process.ExitCode != 0)
        {
            if (allowFailure)
            {
                return string.Empty;
            }

            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result}");
        }

        return stdout.Result;
    }
}
