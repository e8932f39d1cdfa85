namespace Bifrost.Core.AppArmor;

/// <summary>
/// What <c>include &lt;abstractions/base&gt;</c> already allows, so the generator does not repeat it. Read from the real
/// file where asked, otherwise from <see cref="BuiltInAbstractions.Base"/>, a subset of what distributions ship.
/// </summary>
public sealed class BaseAbstraction
{
    private static readonly Lazy<BaseAbstraction> BuiltInInstance = new(() => Load(IncludeResolver.BuiltInOnly));
    private static readonly Lazy<BaseAbstraction> SystemInstance = new(() => Load(IncludeResolver.System));

    private readonly FileRuleIndex files;

    private BaseAbstraction(ParsedProfile parsed)
    {
        Parsed = parsed;
        files = new FileRuleIndex(parsed.Rules.OfType<FileRule>(), parsed.Variables, nonBacktracking: true);
    }

    /// <summary>The built-in list: the same answer on every machine, which keeps generated text (and enforce names) stable.</summary>
    public static BaseAbstraction BuiltIn => BuiltInInstance.Value;

    /// <summary>This machine's /etc/apparmor.d/abstractions/base when present.</summary>
    public static BaseAbstraction System => SystemInstance.Value;

    public ParsedProfile Parsed { get; }

    public static BaseAbstraction Load(IncludeResolver includes) =>
        new(new ProfileParser(includes).ParseRules("include <tunables/global>\ninclude <abstractions/base>\n", "base"));

    /// <summary>Whether base alone grants <paramref name="required"/> on the path; <c>owner</c> rules are not relied on.</summary>
    public bool Covers(string kernelPath, FilePermissions required) =>
        files.Evaluate(kernelPath, assumeOwner: false).Missing(required) == FilePermissions.None;
}
