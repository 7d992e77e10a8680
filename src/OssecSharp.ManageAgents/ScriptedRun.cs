using OssecSharp.ManageAgents.Input;
using OssecSharp.ManageAgents.Store;

namespace OssecSharp.ManageAgents;

/// <summary>
/// Runs a fully scripted <c>-a</c> / <c>-r</c> (every answer given by flags or OSSEC_* variables) as ONE key-store
/// transaction: one lock, one parse, one write. The output is held until the change is on disk, so nothing is
/// reported done that is not. If the dialog turns out to need a typed answer (an invalid scripted value), the
/// transaction is abandoned unchanged and the normal path runs: no prompt ever waits while the lock is held.
/// </summary>
internal static class ScriptedRun
{
    /// <summary>True when the answers cover the whole add or remove dialog.</summary>
    public static bool Applies(ScriptedAnswers a) => a.Action switch
    {
        ['a' or 'A', ..] => a.AgentName is not null && a.AgentIp is not null && a.AgentId is not null && a.Confirmed is not null,
        ['r' or 'R', ..] => a.AgentId is not null && a.Confirmed is not null,
        _ => false,
    };

    /// <summary>Runs the menu once inside a transaction; null when it needed the user (nothing was changed).</summary>
    public static int? TryRun(ToolSession session)
    {
        if (session.Store is RegistryAgentKeyStore)
        {
            // A cluster node: the dialog runs on the registry-aware store (the normal path takes the same answers).
            return null;
        }

        var buffer = new StringWriter { NewLine = "\n" };
        var noInput = new UserInput(new NoInputReader(), buffer);
        ToolSession? inner = null;
        try
        {
            var code = session.Store.Update(tx =>
            {
                inner = session.With(buffer, noInput, new TransactionKeyStore(tx));
                return new MainMenu(inner).Run();
            });
            session.RestartNecessary = inner!.RestartNecessary;
            session.Write(buffer.ToString());
            return code;
        }
        catch (NeedsInputException)
        {
            return null;
        }
        catch (ToolExitException)
        {
            // A JSON refusal or a refused duplicate: nothing was written; show what the dialog said.
            session.Write(buffer.ToString());
            throw;
        }
    }

    private sealed class NoInputReader : TextReader
    {
        public override int Read() => throw new NeedsInputException();

        public override int Peek() => throw new NeedsInputException();
    }

    private sealed class NeedsInputException : Exception
    {
        public NeedsInputException()
            : base("the scripted dialog needs a typed answer")
        {
        }

        public NeedsInputException(string message)
            : base(message)
        {
        }

        public NeedsInputException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
