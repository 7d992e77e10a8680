namespace OssecSharp.Authd.Enrollment;

/// <summary>What the key writer did with one candidate.</summary>
internal enum EnrollmentOutcomeStatus
{
    /// <summary>Key written to disk (durably) and ready to send.</summary>
    Added,

    /// <summary>The name and every <c>name2</c>…<c>name255</c> are taken.</summary>
    DuplicateName,

    /// <summary>A live entry already has the client's source address as its IP.</summary>
    DuplicateIp,

    /// <summary>No ID left, or client.keys could not be written.</summary>
    InternalError,
}
