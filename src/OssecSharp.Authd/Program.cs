using OssecSharp.Authd;
using OssecSharp.Authd.Enrollment;
using OssecSharp.Core.Hosting;

var spec = new DaemonSpec<AuthdDaemon>
{
    Name = "ossec-authd",
    CommandLine = AuthdCommandLine.Spec,

    // authd reads no configuration file: its "configuration" is its flags (-t exits once they are valid).
    LoadConfig = context =>
    {
        var options = AuthdCommandLine.Read(context.Parse);
        return new AuthdDaemon(
            options,
            context.Paths,
            context.Logger,
            // With etc/ossecsharp-registry.conf, enrollments go to the cluster's registry (docs/cluster.md).
            () => (IEnrollmentKeyStore?)RegistryEnrollmentStore.ForInstall(context.Paths, options, context.Logger)
                ?? KeyStoreEnrollmentStore.ForInstall(context.Paths, options, TimeProvider.System, context.Logger),
            TimeProvider.System);
    },

    // Key file, password, certificates and the listening socket are set up before privileges are dropped.
    PrepareAsync = (context, daemon, _) =>
    {
        // A client.keys that is a directory or unreadable: one line that names it (FileAccessError).
        FileAccessError.ThrowIfUnreadable(context.Paths.ClientKeys);
        return daemon.Prepare()
            ? Task.CompletedTask
            : throw new InvalidOperationException("ossec-authd could not start (see the errors above).");
    },
    RunAsync = (_, daemon, token) => daemon.RunAsync(token),
    ShutdownTimeout = TimeSpan.FromSeconds(60),
};

return await new DaemonHost<AuthdDaemon>(spec, new DaemonHostOptions { Stdout = Console.Out, Stderr = Console.Error })
    .RunAsync(args);
