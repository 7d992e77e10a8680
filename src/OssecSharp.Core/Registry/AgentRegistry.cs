using System.Runtime.CompilerServices;
using Npgsql;

namespace OssecSharp.Core.Registry;

/// <summary>
/// The shared agent registry in PostgreSQL (docs/cluster.md): agents, the id sequence, per-agent counters and status.
/// Every method is one transaction; a registry that cannot be reached throws <see cref="RegistryException"/> with a
/// one-line reason. Built on Npgsql's slim data source so that NativeAOT builds keep working.
/// </summary>
public sealed partial class AgentRegistry : IDisposable
{
    private readonly NpgsqlDataSource _source;

    /// <summary>Opens a pool over <paramref name="settings"/> (nothing is connected until first use).</summary>
    public AgentRegistry(RegistrySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        var builder = new NpgsqlSlimDataSourceBuilder(settings.ConnectionString);
        builder.EnableArrays();
        _source = builder.Build();
    }

    /// <summary>What the registry was opened with.</summary>
    public RegistrySettings Settings { get; }

    /// <summary>Creates the tables when missing (every node calls it at start).</summary>
    public void EnsureSchema() => Run(connection =>
    {
        using var tx = connection.BeginTransaction();
        using (var command = new NpgsqlCommand(RegistrySchema.Ddl, connection, tx))
        {
            command.ExecuteNonQuery();
        }

        tx.Commit();
        return 0;
    });

    /// <inheritdoc/>
    public void Dispose() => _source.Dispose();

    /// <summary>A new connection for a long-lived listener (the caller owns it).</summary>
    internal NpgsqlConnection OpenListenerConnection()
    {
        try
        {
            return _source.OpenConnection();
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }
    }

    // One pooled connection for the body; connection and server failures become one RegistryException. A pooled
    // connection the server closed (a PostgreSQL restart) fails on first use: the pool is cleared and the body runs
    // once more, unless it had reached its COMMIT (then the outcome is unknown and reported as a failure).
    internal T Run<T>(Func<NpgsqlConnection, T> body) => Run((connection, _) => body(connection));

    private T Run<T>(Func<NpgsqlConnection, StrongBox<bool>, T> body)
    {
        var committing = new StrongBox<bool>(false);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var connection = _source.OpenConnection();
                return body(connection, committing);
            }
            catch (Exception e) when (IsUnavailable(e) && attempt == 0 && !committing.Value)
            {
                _source.Clear();
            }
            catch (Exception e) when (IsUnavailable(e))
            {
                throw Unavailable(e);
            }
        }
    }

    // Inside a transaction that holds the registry's write lock.
    internal T Write<T>(Func<NpgsqlConnection, NpgsqlTransaction, T> body) => Run((connection, committing) =>
    {
        using var tx = connection.BeginTransaction();
        using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@k)", connection, tx))
        {
            lockCommand.Parameters.AddWithValue("k", RegistrySchema.WriteLock);
            lockCommand.ExecuteNonQuery();
        }

        var result = body(connection, tx);
        committing.Value = true;
        tx.Commit();
        return result;
    });

    internal static bool IsUnavailable(Exception e) =>
        e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or IOException;

    private static RegistryException Unavailable(Exception e) =>
        new("Agent registry unavailable: " + e.Message.ReplaceLineEndings(" "), e);
}
