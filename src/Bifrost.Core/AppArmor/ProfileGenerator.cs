using System.Globalization;
using Bifrost.Core.Observations;
using Bifrost.Core.Workloads;

namespace Bifrost.Core.AppArmor;

/// <summary>
/// Turns a container's observations into an AppArmor 3.0 profile. The same set of observations gives the same text
/// whatever their order: rules are merged in sets and written in ordinal order. Complain and enforce variants differ
/// only in the <c>complain</c> flag.
/// </summary>
public static class ProfileGenerator
{
    /// <summary>Peers allowed to signal every container, so the runtime (unconfined, or runc/crun under AppArmor 4) can stop pods.</summary>
    public static IReadOnlyList<string> RuntimePeers { get; } = ["unconfined", "runc", "crun"];

    /// <summary>A profile for one container of a workload, named by <see cref="ProfileNames"/>.</summary>
    public static GeneratedProfile ForWorkload(WorkloadIdentity workload, string container, IEnumerable<Observation> observations, ProfileMode mode)
    {
        var learning = ProfileNames.Learning(workload, container);
        var profile = Generate(observations, new ProfileGeneratorOptions { Name = learning, Mode = mode });
        if (mode == ProfileMode.Complain)
            return profile;
        var name = ProfileNames.Enforce(workload, container, profile.Text);
        return profile with { Name = name, Text = ProfileWriter.Write(name, mode, profile.Rules) };
    }

    /// <exception cref="ArgumentException">The name is not a plain profile name.</exception>
    public static GeneratedProfile Generate(IEnumerable<Observation> observations, ProfileGeneratorOptions options) =>
        Generate(observations, options, writeText: true);

    /// <summary>The rules, and the profile's text only when <paramref name="writeText"/> (otherwise empty): the renderer keeps rules alone.</summary>
    internal static GeneratedProfile Generate(IEnumerable<Observation> observations, ProfileGeneratorOptions options, bool writeText)
    {
        if (options.Name.Length == 0 || !options.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            throw new ArgumentException($"profile name '{options.Name}' must be letters, digits, '_', '-' or '.'", nameof(options));

        var collected = new CollectedObservations();
        foreach (var observation in observations)
            collected.Add(observation);

        var warnings = new List<string>(collected.Warnings);
        var files = FileRules.Build(collected.Files, collected.Created, options.Base ?? BaseAbstraction.BuiltIn, warnings, out var coveredByBase);

        var rules = new List<ProfileRule>();
        rules.AddRange(collected.Capabilities.Select(c => new CapabilityRule { Names = [c] }));
        rules.AddRange(collected.Networks.Select(n => new NetworkRule { Family = n.Family, Type = n.Type }));
        rules.AddRange(RuntimePeers.Select(p => new SignalRule { Permissions = ["receive"], Peer = p }));
        rules.AddRange(collected.Signals
            .GroupBy(s => s.SamePod)
            .OrderBy(g => g.Key)
            .Select(g => new SignalRule { Permissions = ["send"], Signals = [.. g.Select(s => s.Name)], Peer = g.Key ? "@{profile_name}" : null }));
        rules.AddRange(collected.Ptraces.Select(p => new PtraceRule { Permissions = [p.Mode], Peer = p.SamePod ? "@{profile_name}" : null }));
        rules.AddRange(collected.Mounts.Select(m => new MountRule { FsTypes = m.FsType is null ? [] : [m.FsType], Source = m.Source, Target = m.Target }));
        rules.AddRange(files);

        warnings.Sort(StringComparer.Ordinal);
        return new GeneratedProfile
        {
            Name = options.Name,
            Mode = options.Mode,
            Text = writeText ? ProfileWriter.Write(options.Name, options.Mode, rules) : string.Empty,
            Rules = rules,
            Warnings = warnings,
            CoveredByBase = coveredByBase,
        };
    }

    internal static string SignalName(int signal) =>
        SignalNames.Name(signal) ?? signal.ToString(CultureInfo.InvariantCulture);
}
