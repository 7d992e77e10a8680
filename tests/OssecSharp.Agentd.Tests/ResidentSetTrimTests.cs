using OssecSharp.Agentd.Memory;

namespace OssecSharp.Agentd.Tests;

public sealed class ResidentSetTrimTests
{
    [Fact]
    public void Only_private_read_only_file_mappings_whose_pages_are_all_the_files_can_be_dropped()
    {
        var smaps = Path.Combine(Path.GetTempPath(), $"smaps-{Guid.NewGuid():N}");
        File.WriteAllText(smaps, string.Join('\n',
            Mapping("1000-3000 r-xp 00000000 fe:00 11 /usr/lib/libcode.so", rss: 8, anonymous: 0),
            Mapping("3000-4000 r--p 00002000 fe:00 11 /usr/lib/libcode.so", rss: 4, anonymous: 4),
            Mapping("4000-5000 rw-p 00003000 fe:00 11 /usr/lib/libcode.so", rss: 4, anonymous: 0),
            Mapping("5000-6000 r--s 00000000 fe:00 12 /dev/shm/shared", rss: 4, anonymous: 0),
            Mapping("6000-7000 r--p 00000000 00:00 0 ", rss: 4, anonymous: 0),
            Mapping("7000-8000 r--p 00000000 fe:00 13 /opt/with space/data.bin", rss: 4, anonymous: 0),
            Mapping("8000-9000 r--p 00000000 fe:00 14 /tmp/gone (deleted)", rss: 4, anonymous: 0),
            Mapping("9000-a000 r--p 00000000 fe:00 15 /usr/lib/cold.so", rss: 0, anonymous: 0)));
        try
        {
            var mappings = ResidentSetTrim.Read(smaps);

            mappings.Select(m => m.Start).Should().Equal(0x1000UL, 0x3000UL, 0x4000UL, 0x5000UL, 0x6000UL, 0x7000UL, 0x8000UL, 0x9000UL);
            mappings[0].End.Should().Be(0x3000UL);
            mappings[0].RssKilobytes.Should().Be(8);
            mappings.Where(m => m.CanDrop).Select(m => m.Start).Should().Equal(0x1000UL, 0x7000UL);
        }
        finally
        {
            File.Delete(smaps);
        }
    }

    [Fact]
    public void Trimming_this_process_releases_file_pages_and_it_keeps_working()
    {
        var trimmed = ResidentSetTrim.Run();

        trimmed.Should().BeGreaterThan(0);
        // The dropped code pages come back from the page cache on use.
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("abc"u8)).Should()
            .Be("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
        ResidentSetTrim.Read().Should().Contain(m => m.Trimmable);
    }

    private static string Mapping(string header, long rss, long anonymous) => $"""
        {header}
        Size:                  8 kB
        Rss:                 {rss} kB
        Pss:                 {rss} kB
        Private_Clean:       {rss - anonymous} kB
        Anonymous:           {anonymous} kB
        Swap:                  0 kB
        Locked:                0 kB
        THPeligible:    0
        VmFlags: rd ex mr mw me
        """;
}
