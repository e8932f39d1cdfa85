using System.Security.Cryptography;
using System.Text;

namespace Bifrost.Webhook.Intake;

/// <summary>
/// Local mode: reports carry the token stored in a file only its owner can read. The file is created with a
/// random token on first start; an existing file that others can read is refused, since anyone could then report.
/// </summary>
internal sealed class LocalTokenAuthenticator : IReporterAuthenticator
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly byte[] expected;

    public LocalTokenAuthenticator(string tokenFile)
    {
        TokenFile = Path.GetFullPath(tokenFile);
        if (!File.Exists(TokenFile))
            Create(TokenFile);
        var mode = File.GetUnixFileMode(TokenFile);
        if ((mode & ~OwnerOnly & ~UnixFileMode.UserExecute) != 0)
            throw new InvalidOperationException($"Bifrost:Intake:TokenFile: '{TokenFile}' can be read by others (mode {Convert.ToString((int)mode, 8)}); run chmod 600 on it");
        expected = Encoding.UTF8.GetBytes(File.ReadAllText(TokenFile).Trim());
        if (expected.Length < 16)
            throw new InvalidOperationException($"Bifrost:Intake:TokenFile: '{TokenFile}' holds a token shorter than 16 characters");
    }

    public string TokenFile { get; }

    public Task<AuthenticationResult> AuthenticateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token))
            return Task.FromResult(AuthenticationResult.Fail("missing-token"));
        var given = Encoding.UTF8.GetBytes(token.Trim());
        var valid = CryptographicOperations.FixedTimeEquals(given, expected);
        return Task.FromResult(valid ? new AuthenticationResult(ReporterIdentity.AnyPod, null) : AuthenticationResult.Fail("invalid-token"));
    }

    private static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = OwnerOnly,
        });
        stream.Write(Encoding.UTF8.GetBytes(token + "\n"));
    }
}
