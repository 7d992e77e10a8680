namespace OssecSharp.Core;

/// <summary>Names and versions shown by <c>-V</c>, banners and keepalives.</summary>
public static class ProductInfo
{
    /// <summary>Our product name, as shown in banners.</summary>
    public const string Name = "OssecSharp";

    /// <summary>Our own version.</summary>
    public const string Version = "1.0.0";

    /// <summary>The OSSEC release whose wire formats and outputs we reproduce.</summary>
    public const string OssecVersion = "v4.2.0";

    /// <summary>The name OSSEC uses in its outputs ("OSSEC HIDS").</summary>
    public const string OssecName = "OSSEC HIDS";
}
