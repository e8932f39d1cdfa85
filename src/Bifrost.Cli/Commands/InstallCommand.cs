using System.CommandLine;
using System.Text.Json.Nodes;
using Bifrost.Cli.CommandLine;
using Bifrost.Cli.Cluster;
using Bifrost.Cli.Install;

namespace Bifrost.Cli.Commands;

/// <summary>
/// <c>bifrost install</c>: renders the manifests this CLI carries (manifests/base, or the cert-manager overlay) with
/// the given options and applies them through the kubeconfig with server-side apply, or prints them with --dry-run.
/// </summary>
internal sealed class InstallCommand : ICommand
{
    public Command Create(CliConsole console)
    {
        var ns = new Option<string>("--namespace", "-n") { Description = "the namespace Bifrost runs in", HelpName = "NAME", DefaultValueFactory = _ => InstallOptions.DefaultNamespace };
        var certificates = new Option<string>("--certificates")
        {
            Description = "who makes the webhook's serving certificate: self-managed (the webhook itself) or cert-manager (installed separately)",
            HelpName = "MODE",
            DefaultValueFactory = _ => "self-managed",
        };
        certificates.AcceptOnlyFromAmong("self-managed", "cert-manager");
        var registry = new Option<string>("--registry") { Description = $"pull Bifrost's images from this registry instead of {InstallOptions.DefaultRegistry} (a mirror)", HelpName = "REGISTRY" };
        var tag = new Option<string>("--tag") { Description = "the images' tag (default: the release these manifests belong to)", HelpName = "TAG" };
        var enforcement = new Option<string>("--enforcement")
        {
            Description = "the default enforcement choice of workloads that make none: auto (enforce once stable) or manual (wait for approval); default auto",
            HelpName = "CHOICE",
        };
        enforcement.AcceptOnlyFromAmong("auto", "manual");
        var dryRun = new Option<bool>("--dry-run") { Description = "print the manifests as YAML instead of applying them", Arity = ArgumentArity.Zero };
        var cluster = new ClusterOptions();

        var command = new BifrostCommand("install", "Install Bifrost into the cluster of the kubeconfig, or print its manifests")
        {
            Details = """
              bifrost install [options]                 apply through the kubeconfig (server-side apply, field manager bifrost)
              bifrost install --dry-run [options]       print the manifests, e.g. for 'kubectl apply -f -' or a GitOps repository

            The manifests are manifests/base of this release, rendered as 'kubectl kustomize' would (kubectl is not
            needed), with --certificates cert-manager the manifests/overlays/cert-manager overlay. Run it again with a
            newer bifrost to upgrade: objects are updated in place and BifrostProfiles are kept.
            """,
            ExitCodes = [ExitCodes.Success, ExitCodes.Usage, ExitCodes.Cluster],
        };
        foreach (var option in new Option[] { ns, certificates, registry, tag, enforcement, dryRun })
            command.Options.Add(option);
        cluster.AddTo(command, withNamespace: false);
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new InstallOptions
            {
                Namespace = Validated(result.GetValue(ns), "--namespace"),
                Certificates = result.GetValue(certificates) == "cert-manager" ? CertificateMode.CertManager : CertificateMode.SelfManaged,
                Registry = result.GetValue(registry) is { } r ? NotEmpty(r, "--registry") : null,
                Tag = result.GetValue(tag) is { } t ? NotEmpty(t, "--tag") : null,
                Enforcement = result.GetValue(enforcement) switch
                {
                    "auto" => EnforcementDefault.Auto,
                    "manual" => EnforcementDefault.Manual,
                    _ => null,
                },
            };
            var objects = ManifestRenderer.Render(options);
            if (result.GetValue(dryRun))
            {
                await console.Out.WriteAsync(ManifestRenderer.ToYaml(objects)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            return await ClusterAction.RunAsync(console, "install", async () =>
            {
                using var connection = cluster.Open(result);
                return await ApplyAsync(connection, objects, console, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Applies in the rendered order (namespace and CRDs first, the webhook configuration last), one line per object.</summary>
    internal static async Task<int> ApplyAsync(ClusterConnection connection, IReadOnlyList<JsonObject> objects, CliConsole console, CancellationToken cancellationToken)
    {
        foreach (var item in objects)
        {
            try
            {
                await connection.ApplyAsync(item, cancellationToken).ConfigureAwait(false);
            }
            catch (ClusterException e)
            {
                await console.Error.WriteLineAsync($"bifrost install: {e.Message}").ConfigureAwait(false);
                await console.Error.WriteLineAsync($"bifrost install: stopped after {objects.ToList().IndexOf(item)} of {objects.Count} objects; run it again once the cause is fixed").ConfigureAwait(false);
                return ExitCodes.Cluster;
            }

            await console.Out.WriteLineAsync($"{Describe(item)} applied").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>As kubectl names an object: <c>deployment.apps/bifrost-webhook</c>.</summary>
    internal static string Describe(JsonObject item)
    {
        var apiVersion = (string?)item["apiVersion"] ?? "";
        var group = apiVersion.Contains('/', StringComparison.Ordinal) ? "." + apiVersion.Split('/')[0] : "";
#pragma warning disable CA1308 // kubectl writes kinds in lower case.
        return $"{ManifestRenderer.Kind(item).ToLowerInvariant()}{group}/{ManifestRenderer.Name(item)}";
#pragma warning restore CA1308
    }

    private static string NotEmpty(string value, string option) => value.Length > 0 ? value : throw new UsageException($"{option} must not be empty");

    internal static string Validated(string? ns, string option)
    {
        var value = NotEmpty(ns ?? "", option);
        return value.Length <= 63 && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && char.IsAsciiLetterOrDigit(value[0]) && char.IsAsciiLetterOrDigit(value[^1])
            ? value
            : throw new UsageException($"{option} {value}: not a namespace name (lower-case letters, digits and '-', at most 63)");
    }
}
