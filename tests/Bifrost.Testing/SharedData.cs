namespace Bifrost.Testing;

/// <summary>
/// Data kept outside the repository, in <c>../shared/data</c> beside its root: real scanner reports, SBOMs and
/// profiles too large or too foreign to check in (each folder's README names its source).
/// </summary>
public static class SharedData
{
    public static string Path(params string[] parts) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine([Repository.Root, "..", "shared", "data", .. parts]));
}

/// <summary>The relevancy data (kubevuln's fixtures: reports, an SBOM, a runtime profile) in <c>../shared/data/relevancy</c>.</summary>
public sealed class RelevancyData : IRequirement
{
    private static readonly string[] Files = ["nginx-cve.json", "nginx-ap.json", "alpine-sbom.json", "alpine-cve.json"];

    public string? Problem =>
        Files.FirstOrDefault(f => !File.Exists(SharedData.Path("relevancy", f))) is { } missing
            ? $"the relevancy data is absent ({SharedData.Path("relevancy", missing)})"
            : null;
}
