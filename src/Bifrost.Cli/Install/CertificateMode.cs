namespace Bifrost.Cli.Install;

/// <summary>Who gives the webhook its serving certificate and the caBundle of its configuration.</summary>
internal enum CertificateMode
{
    /// <summary>The webhook's leader makes and rotates them itself (manifests/base).</summary>
    SelfManaged,

    /// <summary>cert-manager issues them from a private CA (manifests/overlays/cert-manager); cert-manager must be installed.</summary>
    CertManager,
}
