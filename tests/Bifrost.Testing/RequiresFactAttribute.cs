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
    private readonly Type[] needs;
    private string? skip;

    public RequiresFactAttribute(params Type[] needs) => this.needs = needs;

    public RequiresFactAttribute(params string[] tools)
    {
        needs = [];
        Tools = tools;
    }

    /// <summary>Programs the test runs.</summary>
    public string[] Tools { get; set; } = [];

    public override string Skip
    {
        get => skip ?? Requirements.Problem(needs, Tools)!;
        set => skip = value;
    }
}

/// <summary>The same for a theory.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresTheoryAttribute : TheoryAttribute
{
    private readonly Type[] needs;
    private string? skip;

    public RequiresTheoryAttribute(params Type[] needs) => this.needs = needs;

    public RequiresTheoryAttribute(params string[] tools)
    {
        needs = [];
        Tools = tools;
    }

    public string[] Tools { get; set; } = [];

    public override string Skip
    {
        get => skip ?? Requirements.Problem(needs, Tools)!;
        set => skip = value;
    }
}
