using Bifrost.Core.Observations;
using Bifrost.Tracing.Tracing;

namespace Bifrost.Tracing.Local;

/// <summary>What a local learning run produced: the command's exit code, what it did, and how the trace went.</summary>
public sealed record LearnResult(int ExitCode, IReadOnlyList<Observation> Observations, TracerStats Stats);
