using System.Text.Json;
using OssecSharp.Core.Crypto;
using OssecSharp.Tests.Common;

namespace OssecSharp.Core.Tests.Crypto;

/// <summary>Reads messages.json from the shared reference folder.</summary>
internal static class CryptoVectors
{
    private static readonly Lazy<IReadOnlyList<MessageVector>> s_messages = new(LoadMessages);

    public static IReadOnlyList<MessageVector> Messages => s_messages.Value;

    public static IEnumerable<object[]> MessageNames() => Messages.Select(v => new object[] { v.Name });

    public static MessageVector Message(string name) => Messages.Single(v => v.Name == name);

    private static List<MessageVector> LoadMessages()
    {
        using var doc = SharedReference.LoadVectors("messages.json");
        var list = new List<MessageVector>();
        foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            list.Add(new MessageVector(
                v.GetProperty("name").GetString()!,
                v.GetProperty("agent_id").GetString()!,
                v.GetProperty("agent_name").GetString()!,
                v.GetProperty("client_keys_line").GetString()!,
                v.GetProperty("derived_key_string").GetString()!,
                v.GetProperty("crypto").GetString() == "AES-256-CBC" ? CryptoMethod.Aes : CryptoMethod.Blowfish,
                Str(v, "ok") != "False" && !(v.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False),
                Hex(v, "wire_hex"),
                Str(v, "wire_cleartext_prefix"),
                Hex(v, "plaintext_hex") ?? [],
                Hex(v, "zlib_compressed_hex"),
                Hex(v, "iv_hex"),
                Num(v, "rand1"),
                Num(v, "global_counter_used"),
                Num(v, "local_counter_used"),
                Str(v, "sender_counter_file_before"),
                Str(v, "sender_counter_file_after")));
        }

        return list;
    }

    private static string? Str(JsonElement v, string name) =>
        v.TryGetProperty(name, out var p) && p.ValueKind != JsonValueKind.Null ? p.ToString() : null;

    private static byte[]? Hex(JsonElement v, string name) => Str(v, name) is { } s ? Convert.FromHexString(s) : null;

    private static uint? Num(JsonElement v, string name) => Str(v, name) is { } s ? uint.Parse(s) : null;
}

internal sealed record MessageVector(
    string Name,
    string AgentId,
    string AgentName,
    string ClientKeysLine,
    string DerivedKey,
    CryptoMethod Method,
    bool Ok,
    byte[]? Wire,
    string? CleartextPrefix,
    byte[] Plaintext,
    byte[]? Compressed,
    byte[]? Iv,
    uint? Random,
    uint? Global,
    uint? Local,
    string? SenderBefore,
    string? SenderAfter)
{
    public override string ToString() => Name;
}
