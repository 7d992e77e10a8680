using System.Runtime.InteropServices;
using OssecSharp.Core.Interop;
using Serilog;

namespace OssecSharp.Core.Hosting;

/// <summary>
/// Switches a daemon started as root to its user and group (OSSEC's Privsep_SetGroup/Privsep_SetUser):
/// supplementary groups set to the account's own (OSSEC keeps none; ours keep those the administrator gave the
/// account, e.g. systemd-journal so the agent can read the journal), then setgid, then setuid. Not root: nothing to do.
/// </summary>
public sealed class PrivilegeDrop
{
    private readonly UserDatabase _users;
    private readonly ILogger _logger;

    /// <summary>Creates the helper.</summary>
    public PrivilegeDrop(UserDatabase users, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(logger);
        _users = users;
        _logger = logger;
    }

    /// <summary>
    /// Drops to <paramref name="user"/>/<paramref name="group"/>. A name given explicitly (<c>-u</c>/<c>-g</c>) must
    /// exist; a missing default account only warns, so an install without the ossec users still runs.
    /// </summary>
    /// <param name="installHome">
    /// When given and no account was named explicitly, the default account is only taken if the install belongs to its
    /// group (as OSSEC's installer sets it up): a hand-made or test install owned by root keeps running as root instead of
    /// dropping to a user that cannot write it.
    /// </param>
    /// <returns>null on success or when nothing had to be done; else the error to log before exiting 1.</returns>
    public string? Apply(string user, string group, bool userExplicit, bool groupExplicit, string? installHome = null)
    {
        if (!Libc.IsRoot)
        {
            _logger.Debug("Not running as root: keeping uid {Uid} (user '{User}' not applied).", Libc.GetEuid(), user);
            return null;
        }

        var account = _users.FindUser(user);
        var gid = _users.FindGroup(group);
        if (account is null || gid is null)
        {
            if (userExplicit || groupExplicit)
            {
                return $"Invalid user or group: '{(account is null ? user : group)}'.";
            }

            _logger.Warning("User '{User}' or group '{Group}' not found: running as root.", user, group);
            return null;
        }

        if (!userExplicit && !groupExplicit && installHome is not null
            && Libc.TryStatx(installHome, out var home) && home.Gid != gid.Value)
        {
            _logger.Debug("Install '{Home}' does not belong to group '{Group}': running as root.", installHome, group);
            return null;
        }

        if (Libc.InitGroups(user, gid.Value) != 0 || Libc.SetGid(gid.Value) != 0)
        {
            return $"Unable to switch to group '{group}' due to [({Marshal.GetLastPInvokeError()})].";
        }

        if (Libc.SetUid(account.Value.Uid) != 0)
        {
            return $"Unable to switch to user '{user}' due to [({Marshal.GetLastPInvokeError()})].";
        }

        _logger.Debug("Using user: {User}, group: {Group}", user, group);
        return null;
    }
}
