namespace Bifrost.Webhook.Tls;

/// <summary>The serving certificate. Bound from <c>Bifrost:Tls</c>; relative paths are taken from the current directory.</summary>
internal sealed record TlsOptions
{
    public const string SectionName = "Bifrost:Tls";

    /// <summary>PEM certificate; what <c>make certs</c> writes by default, a mounted secret's <c>tls.crt</c> in a cluster.</summary>
    public string CertFile { get; init; } = "certs/out/tls.crt";

    public string KeyFile { get; init; } = "certs/out/tls.key";

    /// <summary>
    /// How often the files are re-read even without a file-system event: inotify misses some volume types
    /// and a watcher can overflow, so this is the backstop for a rotation.
    /// </summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Certificates Bifrost makes and rotates itself; the files above are then written from its Secret.</summary>
    public SelfManagedOptions SelfManaged { get; init; } = new();

    public string CertPath => Path.GetFullPath(CertFile);
    public string KeyPath => Path.GetFullPath(KeyFile);

    public IEnumerable<string> Validate()
    {
        foreach (var (setting, value) in new[] { ("CertFile", CertFile), ("KeyFile", KeyFile) })
        {
            var env = $"Bifrost__Tls__{setting}";
            if (string.IsNullOrWhiteSpace(value))
                yield return $"Bifrost:Tls:{setting} must name a PEM file (environment {env}).";
            // Self-managed, the files appear when the Secret is first written (by this process, if it leads).
            else if (!SelfManaged.Enabled && !File.Exists(Path.GetFullPath(value)))
                yield return $"Bifrost:Tls:{setting}: file '{Path.GetFullPath(value)}' does not exist. Run `make certs`, or set Bifrost:Tls:{setting} (environment {env}) to the PEM file.";
        }

        if (CheckInterval < TimeSpan.FromSeconds(1) || CheckInterval > TimeSpan.FromHours(1))
            yield return $"Bifrost:Tls:CheckInterval must be between 00:00:01 and 01:00:00, got {CheckInterval}.";
        foreach (var problem in SelfManaged.Validate())
            yield return problem;
    }
}
