using System.Globalization;

namespace Bifrost.Core.Audit;

/// <summary>
/// Kernel lines that say audit records were lost before anyone read them: <c>audit: rate limit exceeded</c>,
/// <c>audit: backlog limit exceeded</c> and <c>audit_lost=N</c> (a running total, so the caller keeps the last value).
/// </summary>
public static class AuditLoss
{
    /// <summary>What a line says about loss: a single lost record, a running total, or nothing.</summary>
    public static AuditLossReport Inspect(string? line)
    {
        if (string.IsNullOrEmpty(line))
            return default;
        var total = line.IndexOf("audit_lost=", StringComparison.Ordinal);
        if (total >= 0)
        {
            var digits = line.AsSpan(total + "audit_lost=".Length);
            var end = 0;
            while (end < digits.Length && char.IsAsciiDigit(digits[end]))
                end++;
            if (long.TryParse(digits[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var lost))
                return new AuditLossReport(0, lost);
        }

        return line.Contains("audit: rate limit exceeded", StringComparison.Ordinal)
            || line.Contains("audit: backlog limit exceeded", StringComparison.Ordinal)
            ? new AuditLossReport(1, null)
            : default;
    }
}
