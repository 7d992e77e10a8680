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
        if (result.Error is not { } error)
        {
            return new GetOptions(result.Occurrences, null, false);
        }

        // getopt's message ends with the flag: "prog: invalid option -- 'x'" / "... requires an argument -- 'x'".
        var flag = error.Length >= 2 ? error[^2] : '?';
        return new GetOptions(result.Occurrences, flag, error.Contains("requires an argument", StringComparison.Ordinal));
    }
}
