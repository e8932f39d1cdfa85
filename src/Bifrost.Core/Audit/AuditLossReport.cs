namespace Bifrost.Core.Audit;

/// <summary><paramref name="Events"/> loss events seen in one line, and the kernel's running total when the line carries one.</summary>
public readonly record struct AuditLossReport(int Events, long? KernelTotal);
