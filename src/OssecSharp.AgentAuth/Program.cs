namespace OssecSharp.AgentAuth;

internal static class Program
{
    public static int Main() => 1;
}
