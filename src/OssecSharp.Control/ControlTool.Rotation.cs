using OssecSharp.Core.Rotation;

namespace OssecSharp.Control;

/// <summary><c>status</c> on a manager that mixes OSSEC's analysisd/monitord with ours: who rotates which log.</summary>
internal sealed partial class ControlTool
{
    // Only in the mixed case: a plain OssecSharp manager keeps OSSEC's exact status output, which scripts parse.
    private void PrintRotationOwners()
    {
        if (_catalog.IsAgent)
        {
            return;
        }

        var owners = RotationOwners.Detect(_paths);
        if (!owners.OssecAnalysisd && !owners.OssecMonitord)
        {
            return;
        }

        foreach (var line in owners.Describe())
        {
            _out.WriteLine(line);
        }
    }
}
