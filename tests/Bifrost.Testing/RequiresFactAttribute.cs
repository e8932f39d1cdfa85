using Xunit;

namespace Bifrost.Testing;

/// <summary>
/// A fact that runs only where what it needs is here, and otherwise skips with the one-line reason:
/// <c>[RequiresFact(typeof(Root))]</c>, <c>[RequiresFact("openssl", "promtool")]</c>, or both with
/// <c>[RequiresFact(typeof(Ebpf), Tools = ["openssl"])]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresFactAttribute : FactAttribute
{
    private readonly Needs needs;

    public RequiresFactAttribute(params Type[] requirements) => needs = new Needs(requirements, []);

    public RequiresFactAttribute(params string[] tools) => needs = new Needs([], tools);

    /// <summary>Programs the test runs.</summary>
    public string[] Tools { get => needs.Tools; set => needs.Tools = value; }

    public override string Skip { get => needs.Skip!; set => needs.Skip = value; }
}

/// <summary>The same for a theory.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresTheoryAttribute : TheoryAttribute
{
    private readonly Needs needs;

    public RequiresTheoryAttribute(params Type[] requirements) => needs = new Needs(requirements, []);

    public RequiresTheoryAttribute(params string[] tools) => needs = new Needs([], tools);

    /// <summary>Programs the test runs.</summary>
    public string[] Tools { get => needs.Tools; set => needs.Tools = value; }

    public override string Skip { get => needs.Skip!; set => needs.Skip = value; }
}

/// <summary>What a test needs, and the reason it skips when something is missing (null when nothing is).</summary>
internal sealed class Needs(Type[] requirements, string[] tools)
{
    private string? skip;

    public string[] Tools { get; set; } = tools;

    public string? Skip
    {
        get => skip ?? Requirements.Problem(requirements, Tools);
        set => skip = value;
    }
}
