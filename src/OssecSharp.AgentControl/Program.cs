namespace OssecSharp.AgentControl;

internal static class Program
{
    public static int Main() => 1;
}
