namespace OssecSharp.Agentlessd;

internal static class Program
{
    public static int Main() => 1;
}
