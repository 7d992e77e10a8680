using System.Globalization;

namespace OssecSharp.Core.Cli;

/// <summary>
/// A program's flags (getopt's option string plus help text), and the help and version texts OSSEC prints
/// (shared/help.c: header, usage line, one line per option; all on stderr).
/// </summary>
public sealed class OssecCommandSpec
{
    /// <summary>Creates a spec; <paramref name="usage"/> is the part after <c>&lt;program&gt;: </c> on the usage line.</summary>
    public OssecCommandSpec(string programName, string usage, IEnumerable<OssecOption> options)
    {
        ArgumentException.ThrowIfNullOrEmpty(programName);
        ProgramName = programName;
        Usage = usage;
        Options = [.. options];
        var duplicate = Options.GroupBy(o => o.Flag).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Flag -{duplicate.Key} is declared twice.", nameof(options));
        }
    }

    /// <summary>The OSSEC binary name, e.g. <c>ossec-remoted</c>.</summary>
    public string ProgramName { get; }

    /// <summary>The usage synopsis, e.g. <c>-[Vhdtf] [-u user] [-g group] [-c config] [-D dir]</c>.</summary>
    public string Usage { get; }

    /// <summary>The flags in help order.</summary>
    public IReadOnlyList<OssecOption> Options { get; }

    /// <summary>Finds a flag's declaration.</summary>
    public OssecOption? Find(char flag) => Options.FirstOrDefault(o => o.Flag == flag);

    /// <summary>
    /// The flags every OSSEC daemon takes (-V -h -d -t -f -u -g -c -D), then <paramref name="extra"/>.
    /// </summary>
    public static OssecCommandSpec ForDaemon(
        string programName,
        string defaultUser,
        string defaultGroup,
        IEnumerable<OssecOption>? extra = null,
        string? usage = null)
    {
        var extraOptions = (extra ?? []).ToList();
        var switches = string.Concat(extraOptions.Where(o => !o.TakesArgument).Select(o => o.Flag));
        var withArgs = string.Concat(extraOptions.Where(o => o.TakesArgument).Select(o => $" [-{o.Flag} {o.ArgumentName}]"));
        usage ??= $"-[Vhdtf{switches}] [-u user] [-g group] [-c config] [-D dir]{withArgs}";
        List<OssecOption> options =
        [
            new('V', null, "Version and license message"),
            new('h', null, "This help message"),
            new('d', null, "Execute in debug mode. This parameter", "can be specified multiple times", "to increase the debug level."),
            new('t', null, "Test configuration"),
            new('f', null, "Run in foreground"),
            new('u', "user", $"User to run as (default: {defaultUser})"),
            new('g', "group", $"Group to run as (default: {defaultGroup})"),
            new('c', "config", "Configuration file to use (default: /etc/ossec.conf)"),
            new('D', "dir", "Directory to chroot into (default: /var/ossec)"),
        ];
        options.AddRange(extraOptions);
        return new OssecCommandSpec(programName, usage, options);
    }

    /// <summary>Writes OSSEC's help text (header, usage, options) as <c>help_&lt;daemon&gt;()</c> does.</summary>
    public void WriteHelp(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteHeader(writer);
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"  {ProgramName}: {Usage}\n"));
        foreach (var option in Options)
        {
            var left = option.TakesArgument ? $"-{option.Flag} <{option.ArgumentName}>" : $"-{option.Flag}";
            for (var i = 0; i < option.Help.Length; i++)
            {
                var label = i == 0 ? left : string.Empty;
                writer.Write("    " + label.PadRight(11) + " " + option.Help[i] + "\n");
            }
        }

        writer.Write(" \n");
        writer.Flush();
    }

    /// <summary>OSSEC's help header (print_header): blank line, name and version, site, blank line.</summary>
    public static void WriteHeader(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write($" \n{ProductInfo.OssecName} {ProductInfo.OssecVersion} - OSSEC Foundation (contact@ossec.net)\nhttps://www.ossec.net\n \n");
    }

    /// <summary>The <c>-V</c> text: OSSEC's shape (print_version) with our name, and the licence in our words.</summary>
    public static void WriteVersion(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(
            $"\n{ProductInfo.OssecName} {ProductInfo.OssecVersion} - {ProductInfo.Name} {ProductInfo.Version}\n\n"
            + "This program is free software, licensed under the GNU General Public License,\n"
            + "version 2, as published by the Free Software Foundation. You may share and\n"
            + "change it under those terms. Licence text: https://www.gnu.org/licenses/gpl-2.0.html\n\n");
        writer.Flush();
    }
}
