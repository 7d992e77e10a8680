namespace OssecSharp.Core.Cli;

/// <summary>The flags seen on a command line, in order, plus the operands; or the getopt error.</summary>
public sealed class OssecParseResult
{
    private readonly List<(char Flag, string? Value)> _occurrences;

    internal OssecParseResult(
        List<(char Flag, string? Value)> occurrences, List<string> operands, string? error, char? badFlag = null, bool missingArgument = false)
    {
        _occurrences = occurrences;
        Operands = operands;
        Error = error;
        BadFlag = badFlag;
        MissingArgument = missingArgument;
    }

    /// <summary>getopt's message (<c>prog: invalid option -- 'x'</c>), or null when the line parsed.</summary>
    public string? Error { get; }

    /// <summary>The flag getopt refused (unknown, or without its argument), or null when the line parsed.</summary>
    public char? BadFlag { get; }

    /// <summary>True when <see cref="BadFlag"/> lacked its argument rather than being unknown.</summary>
    public bool MissingArgument { get; }

    /// <summary>True when the line parsed.</summary>
    public bool Success => Error is null;

    /// <summary>Arguments that are not options (after <c>--</c>, or between options, as glibc permutes them).</summary>
    public IReadOnlyList<string> Operands { get; }

    /// <summary>Every flag occurrence in command-line order.</summary>
    public IReadOnlyList<(char Flag, string? Value)> Occurrences => _occurrences;

    /// <summary>How many times <paramref name="flag"/> was given (<c>-dd</c> counts 2).</summary>
    public int Count(char flag) => _occurrences.Count(o => o.Flag == flag);

    /// <summary>True when <paramref name="flag"/> was given at least once.</summary>
    public bool Has(char flag) => _occurrences.Any(o => o.Flag == flag);

    /// <summary>The last argument given to <paramref name="flag"/> (getopt loops keep the last), or null.</summary>
    public string? Value(char flag) => _occurrences.LastOrDefault(o => o.Flag == flag && o.Value is not null).Value;

    /// <summary>Every argument given to <paramref name="flag"/>, in order.</summary>
    public IReadOnlyList<string> Values(char flag) => [.. _occurrences.Where(o => o.Flag == flag && o.Value is not null).Select(o => o.Value!)];
}
