namespace OssecSharp.Core.Keys;

/// <summary>
/// What a transaction asks of the file it began on. By default the image's <see cref="KeyTable"/> answers. For a
/// one-shot writer (<see cref="KeyStore.OneShot"/>) whose image has no table yet, byte scans answer instead, up to
/// <see cref="ScanBudget"/> questions (a scripted add or remove asks about ten); past that, as in a bulk load, the
/// table is built once and answers the rest.
/// </summary>
internal sealed class KeyFileLookup
{
    /// <summary>
    /// Questions answered by the scan before the table is built: the scan's one pass costs about a tenth of a parse,
    /// each question a search of an int array per candidate, far less than indexing but more than a table lookup.
    /// </summary>
    public const int ScanBudget = 64;

    private readonly KeyFileImage _image;
    private readonly KeyFileScan? _scan;

    public KeyFileLookup(KeyFileImage image, bool preferScans)
    {
        _image = image;
        _scan = preferScans && !image.HasTable ? new KeyFileScan(image.Bytes) : null;
    }

    public KeyEntry? FindById(string id) => Scan is { } scan ? scan.FindById(id) : _image.Table.FindById(id);

    public KeyEntry? FindByName(string name) => Scan is { } scan ? scan.FindByName(name) : _image.Table.FindByName(name);

    public KeyEntry? FindByIpString(string ipString) =>
        Scan is { } scan ? scan.FindByIpString(ipString) : _image.Table.FindByIpString(ipString);

    public bool IsIdUsed(string id) => Scan is { } scan ? scan.IsIdUsed(id) : _image.Table.IsIdUsed(id);

    public long HighestManageAgentsId => Scan is { } scan ? scan.HighestManageAgentsId : _image.Table.HighestManageAgentsId;

    private KeyFileScan? Scan => _scan is { Queries: < ScanBudget } && !_image.HasTable ? _scan : null;
}
