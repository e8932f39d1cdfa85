using Bifrost.Core.Profiles;

namespace Bifrost.Core.Relevancy;

/// <summary>
/// What a BifrostProfile's status records about one container's packages in one image: the image's database matched
/// against everything the container was seen doing, with the window, pod count and completeness of those observations.
/// Pure given its inputs.
/// </summary>
public static class PackageInventory
{
    /// <param name="status">The workload's status, for the window and whether a tracer was unavailable.</param>
    /// <param name="container">The container's learned state: its observations, pods, late attach and drops.</param>
    /// <param name="image">The image by digest.</param>
    /// <param name="database">The image's packages.</param>
    /// <param name="files">The image's files (a running container's root), read for ELF headers.</param>
    public static ImagePackages Summarize(BifrostProfileStatus status, ContainerProfileStatus container, string image, PackageDatabase database, IImageFiles? files)
    {
        var usage = UsageMapper.Map(database, SeenFiles.Of(container.Observed), files);
        var window = SeenFiles.WindowOf(status, [container]);
        return new ImagePackages
        {
            Image = image,
            Database = database.Source,
            Installed = database.Packages.Count,
            Used = [.. usage.Used.Keys.Select(name => database.Packages.First(p => p.Name == name))
                .Select(p => new UsedPackage(p.Name, p.Version, p.Purl))],
            CodeFiles = usage.CodeFilesSeen,
            Unattributed = usage.Unattributed.Count,
            ObservedFrom = window.From,
            ObservedTo = window.To,
            Pods = container.Pods,
            Partial = container.StartMissed || status.Conditions.Any(c => c.Type == ProfileCondition.TracerUnavailable && c.IsTrue),
            DroppedEvents = container.DroppedEvents,
        };
    }
}
