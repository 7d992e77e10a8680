using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OssecSharp.Core.Net.Tls;

/// <summary>
/// Loads PEM certificates, keys and CA files with OSSEC's error lines (<c>os_ssl_keys</c> in ossec-hids
/// <c>src/os_auth/ssl.c</c>). A certificate file may hold a chain: the first certificate is the leaf.
/// </summary>
public static class TlsCertificateLoader
{
    /// <summary>Loads a certificate (chain) and its private key; the leaf carries the key.</summary>
    /// <exception cref="TlsSetupException">With OSSEC's message for the failing file.</exception>
    public static TlsIdentity LoadIdentity(string certificatePath, string keyPath)
    {
        var chain = LoadCertificates(certificatePath);
        string keyPem;
        try
        {
            keyPem = File.ReadAllText(keyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TlsSetupException($"Unable to read private key file: {keyPath}", e);
        }

        using var key = ImportKey(keyPem) ?? throw new TlsSetupException($"Unable to read private key file: {keyPath}");
        var leaf = chain[0];
        X509Certificate2 withKey;
        try
        {
            withKey = key switch
            {
                RSA rsa when leaf.GetRSAPublicKey() is not null => leaf.CopyWithPrivateKey(rsa),
                ECDsa ecdsa when leaf.GetECDsaPublicKey() is not null => leaf.CopyWithPrivateKey(ecdsa),
                _ => throw new TlsSetupException("Unable to verify private key file"),
            };
        }
        catch (CryptographicException e)
        {
            throw new TlsSetupException("Unable to verify private key file", e);
        }
        catch (ArgumentException e)
        {
            throw new TlsSetupException("Unable to verify private key file", e);
        }

        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < chain.Count; i++)
        {
            intermediates.Add(chain[i]);
        }

        leaf.Dispose();
        return new TlsIdentity(withKey, intermediates);
    }

    /// <summary>Loads every certificate of a PEM file (a CA bundle or a chain).</summary>
    /// <exception cref="TlsSetupException">When the file is missing or holds no certificate.</exception>
    public static X509Certificate2Collection LoadCertificates(string path)
    {
        if (!File.Exists(path))
        {
            throw new TlsSetupException($"Unable to read certificate file (not found): {path}");
        }

        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new TlsSetupException($"Unable to read certificate file: {path}", e);
        }

        if (collection.Count == 0)
        {
            throw new TlsSetupException($"Unable to read certificate file: {path}");
        }

        return collection;
    }

    /// <summary>Loads the CA file given with <c>-v</c>.</summary>
    /// <exception cref="TlsSetupException"><c>Unable to read CA certificate file "path"</c>.</exception>
    public static X509Certificate2Collection LoadCa(string path)
    {
        try
        {
            return LoadCertificates(path);
        }
        catch (TlsSetupException e)
        {
            throw new TlsSetupException($"Unable to read CA certificate file \"{path}\"", e);
        }
    }

    private static AsymmetricAlgorithm? ImportKey(string pem)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return rsa;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            return ecdsa;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            ecdsa.Dispose();
        }

        return null;
    }
}
