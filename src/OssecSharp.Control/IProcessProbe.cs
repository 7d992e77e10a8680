namespace OssecSharp.Control;

/// <summary>Looks at and signals processes; an interface so the launcher's rules are testable without processes.</summary>
internal interface IProcessProbe
{
    /// <summary>True when <paramref name="pid"/> is alive and is a run of <paramref name="daemon"/>.</summary>
    bool IsRunning(int pid, string daemon);

    /// <summary>Asks the process to stop (SIGTERM); false when it is already gone.</summary>
    bool Terminate(int pid);

    /// <summary>Stops the process at once (SIGKILL).</summary>
    void Kill(int pid);
}
