namespace OssecSharp.ManageAgents;

internal static class Program
{
    public static int Main() => 1;
}
