using OssecSharp.Core.Cli;

namespace OssecSharp.ManageAgents.Cli;

/// <summary>The flags of one run, in command-line order, and the first getopt failure if any.</summary>
/// <param name="Options">Flag occurrences in order (OSSEC acts on them in that order).</param>
/// <param name="BadFlag">The flag getopt refused, or null.</param>
/// <param name="MissingArgument">True when <paramref name="BadFlag"/> lacked its argument (rather than being unknown).</param>
internal sealed record GetOptions(IReadOnlyList<(char Flag, string? Value)> Options, char? BadFlag, bool MissingArgument)
{
    /// <summary>Parses with Core's getopt against a getopt option string such as <c>"Vhe:"</c>.</summary>
    public static GetOptions Parse(string program, string optionString, IReadOnlyList<string> args)
    {
        var options = new List<OssecOption>();
        for (var i = 0; i < optionString.Length; i++)
        {
            var takesValue = i + 1 < optionString.Length && optionString[i + 1] == ':';
            options.Add(new OssecOption(optionString[i], takesValue ? "arg" : null));
            if (takesValue)
            {
                i++;
            }
        }

        var result = OssecCommandLine.Parse(new OssecCommandSpec(program, string.Empty, options), args);
        return new GetOptions(result.Occurrences, result.BadFlag, result.MissingArgument);
    }
}
