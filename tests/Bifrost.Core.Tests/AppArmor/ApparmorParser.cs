using System.Diagnostics;

namespace Bifrost.Core.Tests.AppArmor;

/// <summary>Runs the real apparmor_parser in compile-only mode (-Q -K): nothing is loaded, so no AppArmor kernel is needed.</summary>
public static class ApparmorParser
{
    public static string? Path { get; } = Tools.Find("apparmor_parser");

    public static bool Available => Path is not null;

    /// <summary>Compiles <paramref name="profileText"/>; returns the exit code and what the parser printed on stderr.</summary>
    public static (int ExitCode, string Errors) Compile(string profileText)
    {
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"bifrost-{Guid.NewGuid():N}.apparmor");
        File.WriteAllText(file, profileText);
        try
        {
            var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("apparmor_parser is not installed"))
            {
                ArgumentList = { "-Q", "-K", "-I", "/etc/apparmor.d", file },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            // Debian's parser always notes that the kernel has no AppArmor cache interface; that is not an error.
            var errors = string.Join('\n', stderr.Result.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("Cache read/write disabled", StringComparison.Ordinal)));
            return (process.ExitCode, errors);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static void AssertCompiles(string profileText)
    {
        var (exitCode, errors) = Compile(profileText);
        Xunit.Assert.True(exitCode == 0, $"apparmor_parser refused the profile (exit {exitCode}): {errors}\n{profileText}");
    }
}
