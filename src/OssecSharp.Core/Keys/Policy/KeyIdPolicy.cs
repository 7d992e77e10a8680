namespace OssecSharp.Core.Keys;

/// <summary>How an id is chosen when an add request gives none.</summary>
public enum KeyIdPolicy
{
    /// <summary>manage_agents: highest <c>%03d</c> id + 1, formatted <c>%03d</c> (001, 002, …).</summary>
    ManageAgents,

    /// <summary>ossec-authd: smallest free integer from 1024, plain decimal.</summary>
    Authd,
}
