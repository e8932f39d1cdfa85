namespace Bifrost.Cli.Install;

/// <summary>What <c>bifrost install</c> changes in the manifests it carries; the defaults render them as <c>kubectl kustomize manifests/</c> does.</summary>
internal sealed record InstallOptions
{
    public const string DefaultNamespace = "bifrost-system";

    /// <summary>Where Bifrost's images live unless <see cref="Registry"/> says otherwise.</summary>
    public const string DefaultRegistry = "ghcr.io/bifrost-io";

    public string Namespace { get; init; } = DefaultNamespace;

    public CertificateMode Certificates { get; init; } = CertificateMode.SelfManaged;

    /// <summary>Replaces <see cref="DefaultRegistry"/> in every image (a mirror); the image names stay.</summary>
    public string? Registry { get; init; }

    /// <summary>Every image's tag; null keeps the release's tags written in the manifests.</summary>
    public string? Tag { get; init; }

    /// <summary>Null leaves the webhook's own default (auto).</summary>
    public EnforcementDefault? Enforcement { get; init; }
}
