namespace OssecSharp.AgentControl;

/// <summary>
/// A small POSIX getopt: single-dash flags, bundling (<c>-lj</c>), attached or separate arguments (<c>-e001</c>,
/// <c>-e 001</c>), <c>--</c> ends the options. Options come back in command-line order, as OSSEC acts on them.
/// </summary>
internal static class GetOpt
{
    /// <summary>Parses <paramref name="args"/> against <paramref name="spec"/> (getopt syntax: <c>"Vhe:"</c>).</summary>
    public static GetOptResult Parse(IReadOnlyList<string> args, string spec)
    {
        var options = new List<(char Flag, string? Value)>();
        var operands = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                operands.AddRange(args.Skip(i + 1));
                break;
            }

            if (arg.Length < 2 || arg[0] != '-' || arg.StartsWith("--", StringComparison.Ordinal))
            {
                operands.Add(arg);
                continue;
            }

            for (var j = 1; j < arg.Length; j++)
            {
                var flag = arg[j];
                var at = spec.IndexOf(flag, StringComparison.Ordinal);
                if (at < 0 || flag == ':')
                {
                    return GetOptResult.Failed(options, flag, missingArgument: false);
                }

                var takesValue = at + 1 < spec.Length && spec[at + 1] == ':';
                if (!takesValue)
                {
                    options.Add((flag, null));
                    continue;
                }

                if (j + 1 < arg.Length)
                {
                    options.Add((flag, arg[(j + 1)..]));
                }
                else if (i + 1 < args.Count)
                {
                    options.Add((flag, args[++i]));
                }
                else
                {
                    return GetOptResult.Failed(options, flag, missingArgument: true);
                }

                break;
            }
        }

        return new GetOptResult(options, operands, null, false);
    }
}
