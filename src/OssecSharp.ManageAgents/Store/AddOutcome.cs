namespace OssecSharp.ManageAgents.Store;

/// <summary>What happened to an add, decided under the store's lock (another process may have won a race).</summary>
internal enum AddOutcome
{
    Added,
    NameExists,
    IdExists,
    IpExists,
}
