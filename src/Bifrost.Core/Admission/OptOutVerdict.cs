namespace Bifrost.Core.Admission;

/// <summary>Whether the requesting user may keep a pod of a protected namespace out of Bifrost's protection.</summary>
public enum OptOutVerdict
{
    /// <summary>Nobody asked: no authorizer, as in <c>bifrost inject</c>. Treated as <see cref="Refused"/>.</summary>
    NotAsked,

    /// <summary>The user may: the opt-out is honoured.</summary>
    Exempt,

    /// <summary>The user may not: the pod is denied with a message saying how to get an exemption.</summary>
    Refused,

    /// <summary>The check itself failed: the opt-out is ignored and the pod protected, with a warning. Never fails open.</summary>
    Unknown,
}
