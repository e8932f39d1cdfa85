using Bifrost.Core.Observations;

namespace Bifrost.Core.Audit;

/// <summary>Distinct accesses that complain-mode records showed for one learning profile, ready for the learning intake.</summary>
public sealed record ObservationBatch(string Profile, IReadOnlyList<Observation> Observations);
