namespace OssecSharp.Agentd;

internal static class Program
{
    public static int Main() => 1;
}
