namespace OssecSharp.Core.Cli;

/// <summary>
/// getopt(3) as OSSEC's daemons use it: single-dash letters, bundling (<c>-fd</c>, <c>-dd</c>), attached
/// (<c>-c/path</c>, <c>-Dfoo</c>) and separate (<c>-D dir</c>) arguments, <c>--</c> ends options, and glibc's
/// permutation (operands may sit between options).
/// </summary>
/// <remarks>
/// A small parser rather than System.CommandLine: S.CL treats <c>-c/path</c> as an unknown token, cannot count a
/// bundled <c>-dd</c> without a custom parser per option, accepts <c>--long</c> forms and response files that
/// getopt rejects, and formats its own errors; reproducing glibc's exact messages is simpler here.
/// </remarks>
public static class OssecCommandLine
{
    /// <summary>Parses <paramref name="args"/> (without the program name) against <paramref name="spec"/>.</summary>
    public static OssecParseResult Parse(OssecCommandSpec spec, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(args);
        var occurrences = new List<(char, string?)>();
        var operands = new List<string>();
        for (var index = 0; index < args.Count; index++)
        {
            var arg = args[index];
            if (arg == "--")
            {
                operands.AddRange(args.Skip(index + 1));
                break;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                operands.Add(arg);
                continue;
            }

            for (var position = 1; position < arg.Length; position++)
            {
                var flag = arg[position];
                var option = spec.Find(flag);
                if (option is null)
                {
                    return new OssecParseResult(occurrences, operands, $"{spec.ProgramName}: invalid option -- '{flag}'", flag);
                }

                if (!option.TakesArgument)
                {
                    occurrences.Add((flag, null));
                    continue;
                }

                if (position + 1 < arg.Length)
                {
                    occurrences.Add((flag, arg[(position + 1)..]));
                }
                else if (index + 1 < args.Count)
                {
                    occurrences.Add((flag, args[++index]));
                }
                else
                {
                    return new OssecParseResult(
                        occurrences, operands, $"{spec.ProgramName}: option requires an argument -- '{flag}'", flag, missingArgument: true);
                }

                break;
            }
        }

        return new OssecParseResult(occurrences, operands, null);
    }
}
