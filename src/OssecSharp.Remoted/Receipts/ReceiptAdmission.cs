namespace OssecSharp.Remoted.Receipts;

/// <summary>What the decrypt stage does with an accepted message of an agent that uses receipts.</summary>
internal enum ReceiptAdmission
{
    /// <summary>Not part of a confirmation run (no sync yet): handled as OSSEC does, never confirmed.</summary>
    Untracked,

    /// <summary>In sequence: an event goes to the sink with a receipt, to be confirmed once written.</summary>
    Track,

    /// <summary>After a gap: the agent has been asked to send it again, so it is dropped (and counted) now.</summary>
    Drop,
}
