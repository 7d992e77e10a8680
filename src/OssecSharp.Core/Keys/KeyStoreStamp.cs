namespace OssecSharp.Core.Keys;

/// <summary>
/// What a reader compares to see whether the store changed: the stamps of client.keys and of its enrollment
/// journal (<see cref="KeyStore.JournalPath"/>). Either moving means the table may differ.
/// </summary>
/// <param name="File">The stamp of client.keys.</param>
/// <param name="Journal">The stamp of client.keys.journal (default when it does not exist).</param>
public readonly record struct KeyStoreStamp(KeyFileStamp File, KeyFileStamp Journal);
