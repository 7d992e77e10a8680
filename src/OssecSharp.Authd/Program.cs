namespace OssecSharp.Authd;

internal static class Program
{
    public static int Main() => 1;
}
