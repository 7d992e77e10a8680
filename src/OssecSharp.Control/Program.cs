namespace OssecSharp.Control;

internal static class Program
{
    public static int Main() => 1;
}
