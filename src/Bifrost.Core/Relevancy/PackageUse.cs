namespace Bifrost.Core.Relevancy;

/// <summary>Whether a package's code was in a container's execute path.</summary>
public enum PackageUse
{
    /// <summary>A file of it that is code was executed or mapped.</summary>
    Used,

    /// <summary>None of its files was seen as code, and the mapping can tell (see <see cref="PackageUsage.Classify"/>).</summary>
    Unused,

    /// <summary>The mapping cannot tell: its files are not known and some code that was seen has no owner.</summary>
    Unknown,
}
