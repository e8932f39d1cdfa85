using System.Text;

namespace Bifrost.Core.AppArmor;

/// <summary>Reads and writes file permission strings such as <c>mr</c>, <c>rwk</c>, <c>rix</c>, <c>Px</c>.</summary>
public static class FilePermissionText
{
    private const string ExecQualifiers = "ipcuPCU";

    /// <summary>Canonical text: m r w a l k, then the exec mode; <c>a</c> is dropped when <c>w</c> is present since w implies it.</summary>
    public static string Format(FilePermissions permissions, string? execMode)
    {
        var builder = new StringBuilder(8);
        if (permissions.HasFlag(FilePermissions.Mmap)) builder.Append('m');
        if (permissions.HasFlag(FilePermissions.Read)) builder.Append('r');
        if (permissions.HasFlag(FilePermissions.Write)) builder.Append('w');
        else if (permissions.HasFlag(FilePermissions.Append)) builder.Append('a');
        if (permissions.HasFlag(FilePermissions.Link)) builder.Append('l');
        if (permissions.HasFlag(FilePermissions.Lock)) builder.Append('k');
        if (permissions.HasFlag(FilePermissions.Exec)) builder.Append(execMode ?? "ix");
        return builder.ToString();
    }

    /// <exception cref="FormatException">An unknown permission letter, or an exec qualifier without x.</exception>
    public static (FilePermissions Permissions, string? ExecMode) Parse(string text, int line = 0)
    {
        var permissions = FilePermissions.None;
        var exec = new StringBuilder();
        foreach (var c in text)
        {
            permissions |= c switch
            {
                'r' => FilePermissions.Read,
                'w' => FilePermissions.Write | FilePermissions.Append,
                'a' => FilePermissions.Append,
                'l' => FilePermissions.Link,
                'k' => FilePermissions.Lock,
                'm' => FilePermissions.Mmap,
                'x' => FilePermissions.Exec,
                _ when ExecQualifiers.Contains(c, StringComparison.Ordinal) => FilePermissions.None,
                _ => throw new FormatException($"line {line}: unknown file permission '{c}' in '{text}'"),
            };
            if (c == 'x' || ExecQualifiers.Contains(c, StringComparison.Ordinal))
                exec.Append(c);
        }
        if (exec.Length > 0 && !permissions.HasFlag(FilePermissions.Exec))
            throw new FormatException($"line {line}: exec qualifier without 'x' in '{text}'");
        return (permissions, exec.Length > 0 ? exec.ToString() : null);
    }
}
