using System.Runtime.InteropServices;

namespace OssecSharp.Core.Hosting;

/// <summary>
/// One shutdown token per daemon: SIGINT, SIGTERM and SIGQUIT cancel it (the default termination is cancelled so
/// the daemon can clean up); SIGHUP is caught and ignored, as OSSEC's sig_op.c does.
/// </summary>
public sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly Lock _announceGate = new();
    private Action<int>? _announce;
    private int _signalNumber;

    /// <summary>Registers the handlers.</summary>
    public ShutdownSignals()
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, 15)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, 2)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context => OnSignal(context, 3)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => context.Cancel = true));
    }

    /// <summary>Cancelled on the first shutdown signal (or <see cref="RequestShutdown"/>).</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>The number of the signal that stopped the daemon (15, 2, 3), or 0.</summary>
    public int SignalNumber => Volatile.Read(ref _signalNumber);

    /// <summary>OSSEC's shutdown line text for a signal: <c>SIGNAL [(15)-(Terminated)] Received. Exit Cleaning...</c>.</summary>
    public static string Describe(int signalNumber) =>
        $"SIGNAL [({signalNumber})-({SignalName(signalNumber)})] Received. Exit Cleaning...";

    /// <summary>strsignal(3)'s text for the signals we handle.</summary>
    public static string SignalName(int signalNumber) => signalNumber switch
    {
        1 => "Hangup",
        2 => "Interrupt",
        3 => "Quit",
        14 => "Alarm clock",
        15 => "Terminated",
        _ => $"Unknown signal {signalNumber}",
    };

    /// <summary>
    /// Has <paramref name="announce"/> called once with the signal's number, before the token is cancelled, so the
    /// daemon's <c>SIGNAL … Exit Cleaning...</c> line is logged before any clean-up can finish and end the process
    /// (a token callback would run last: the token runs its callbacks newest first). A signal already received is
    /// announced at once. Disposing the result stops the announcing.
    /// </summary>
    public IDisposable Announce(Action<int> announce)
    {
        ArgumentNullException.ThrowIfNull(announce);
        lock (_announceGate)
        {
            _announce = announce;
        }

        AnnounceOnce();
        return new Unannounce(this);
    }

    /// <summary>Stops the daemon as if <paramref name="signalNumber"/> had been received (tests, internal fatal paths).</summary>
    public void RequestShutdown(int signalNumber = 0)
    {
        Interlocked.CompareExchange(ref _signalNumber, signalNumber, 0);
        AnnounceOnce();
        Cancel();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cts.Dispose();
    }

    private void OnSignal(PosixSignalContext context, int number)
    {
        context.Cancel = true;
        RequestShutdown(number);
    }

    private void AnnounceOnce()
    {
        lock (_announceGate)
        {
            if (_announce is not { } announce || SignalNumber == 0)
            {
                return;
            }

            // Taken before the call: the first signal is announced, a second one finds nothing to call.
            _announce = null;
            announce(SignalNumber);
        }
    }

    private void StopAnnouncing()
    {
        lock (_announceGate)
        {
            _announce = null;
        }
    }

    private void Cancel()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // A signal that arrives while the host is tearing down has nothing left to stop.
        }
    }

    private sealed class Unannounce(ShutdownSignals signals) : IDisposable
    {
        public void Dispose() => signals.StopAnnouncing();
    }
}
