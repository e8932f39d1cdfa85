using Bifrost.Core.AppArmor;
using Bifrost.Core.Observations;
using CsCheck;

namespace Bifrost.Core.Tests.AppArmor;

/// <summary>Soundness and determinism of generation over generated observation sets, checked with the profile checker.</summary>
public sealed class ProfileGeneratorPropertyTests
{
    private static readonly string[] Fragments =
    [
        "a", "etc", "lib", "tmp", "x1", "data", " ", "sp ace", "*", "?", "[", "]", "{", "}", "^", "\"", "!", "\\", ",", "#", "@{x}",
        "\n", "\t", "é", "ファイル", "🚀", "\u00a0", ".so.1.2", "123456789", "deadbeefdeadbeef00", "9f1c2b7e-1234-4a5b-9c8d-0123456789ab",
        " (deleted)", "-", "_", ".",
    ];

    private static readonly Gen<string> Component =
        Gen.OneOf(Gen.OneOfConst(Fragments), Gen.String[Gen.Char.AlphaNumeric, 1, 8]).Array[1, 4]
            .Select(parts => string.Concat(parts))
            .Where(c => c is not "." and not "..");

    private static readonly Gen<string> AnyPath = Gen.OneOf(
        Component.Array[1, 5].Select(cs => "/" + string.Join('/', cs)),
        Gen.Select(Gen.Int[1, 4_000_000], Gen.OneOfConst("stat", "status", "fd/3", "task/17/comm", "maps", "cgroup"), (pid, leaf) => $"/proc/{pid}/{leaf}"),
        Gen.OneOfConst("/proc/self/status", "/proc/thread-self/comm", "/proc/self/fd/12"),
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 6], Gen.Int[0, 9], Gen.Int[0, 20], (n, a, b) => $"/opt/lib/lib{n}.so.{a}.{b}"),
        Gen.Int[0, 30].Select(i => $"/var/spool/job/req-{i}.json"));

    private static readonly Gen<AccessMask> Access =
        Gen.Int[1, (1 << 9) - 1].Select(i => (AccessMask)i);

    private static readonly Gen<Observation> AnyObservation = Gen.Frequency(
        (6, Gen.Select(AnyPath, Access, (p, a) => (Observation)new FileObservation { Container = "app", Path = p, Access = a })),
        (2, Gen.Select(AnyPath, Gen.OneOf(Gen.Const((string?)null), AnyPath.Select(p => (string?)p)), (p, i) => (Observation)new ExecObservation { Container = "app", Path = p, Interpreter = i })),
        (1, Gen.Select(Gen.OneOfConst("inet", "inet6", "unix", "netlink"), Gen.OneOfConst("stream", "dgram", "raw"), AnyPath,
            (f, t, p) => (Observation)new SocketObservation { Container = "app", Family = f, Type = t, UnixPath = f == "unix" ? p : null, UnixOperation = f == "unix" ? "connect" : null })),
        (1, Gen.OneOfConst([.. CapabilityNames.Known]).Select(c => (Observation)new CapabilityObservation { Container = "app", Name = c })),
        (1, Gen.Select(Gen.Int[0, 64], Gen.Bool, (s, same) => (Observation)new SignalObservation { Container = "app", Signal = s, SamePod = same })),
        (1, Gen.Select(Gen.OneOfConst("read", "trace"), Gen.Bool, (m, same) => (Observation)new PtraceObservation { Container = "app", Mode = m, SamePod = same })),
        (1, Gen.Select(AnyPath, Gen.OneOfConst<string?>("tmpfs", "proc", null), (t, f) => (Observation)new MountObservation { Container = "app", Target = t, FsType = f, Source = f })));

    private static readonly Gen<Observation[]> Observations = AnyObservation.Array[0, 60];

    private static GeneratedProfile Generate(IEnumerable<Observation> observations) =>
        ProfileGenerator.Generate(observations, new ProfileGeneratorOptions { Name = "bifrost_property" });

    [Fact]
    public void Generate_AnyObservations_ProfileAllowsEveryOne()
    {
        var parser = new ProfileParser(IncludeResolver.BuiltInOnly);
        Observations.Sample(observations =>
        {
            var profile = Generate(observations);
            var denials = ProfileChecker.Check(CompiledProfile.Compile(parser.Parse(profile.Text)), observations);
            Assert.True(denials.Count == 0, string.Join('\n', denials) + "\n" + profile.Text);
        }, iter: 300);
    }

    [Fact]
    public void Generate_ShuffledObservations_GivesSameText()
    {
        Gen.Select(Observations, Gen.Int).Sample((observations, seed) =>
        {
            var shuffled = observations.ToArray();
            new Random(seed).Shuffle(shuffled);
            Assert.Equal(Generate(observations).Text, Generate(shuffled).Text);
        }, iter: 200);
    }

    [RequiresFact("apparmor_parser")]
    public void Generate_SampleOfProfiles_CompileWithRealParser()
    {
        Observations.Sample(observations => ApparmorParser.AssertCompiles(Generate(observations).Text), iter: 25);
    }
}
