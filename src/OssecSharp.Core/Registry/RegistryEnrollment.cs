namespace OssecSharp.Core.Registry;

/// <summary>The answer for one <see cref="RegistryEnrollmentRequest"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Agent">The new agent when added.</param>
/// <param name="ConflictId">For a duplicate address: the id that holds it.</param>
/// <param name="ConflictName">For a duplicate address: the name that holds it.</param>
/// <param name="Replaced">The silent agents this enrollment removed (<c>-F</c>), in the same transaction.</param>
public sealed record RegistryEnrollment(
    RegistryEnrollmentStatus Status,
    RegisteredAgent? Agent = null,
    string? ConflictId = null,
    string? ConflictName = null,
    IReadOnlyList<ReplacedAgent>? Replaced = null);
