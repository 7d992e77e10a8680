namespace OssecSharp.Remoted;

internal static class Program
{
    public static int Main() => 1;
}
