using Bifrost.Cli.Inject;
using Bifrost.Cli.Manifests;
using Bifrost.Core.Admission;

namespace Bifrost.Cli.Commands;

/// <summary><c>bifrost inject</c>: prints a manifest as the webhook would change its pods, like <c>istioctl kube-inject</c>.</summary>
internal sealed class InjectCommand : ICommand
{
    public string Name => "inject";

    public string Summary => "print a manifest with the changes the webhook makes to its pods";

    public string Help => """
        usage: bifrost inject -f FILE [options]

        Prints FILE (YAML or JSON, several documents or a List) with every Pod and every pod template
        (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob) changed as the Bifrost webhook
        would change its pods: learning AppArmor profiles and the tracer sidecar. Other objects are
        printed as they are. Notes and warnings go to standard error.

        options:
          -f, --filename FILE         the manifest; '-' reads standard input
          -n, --namespace NAME        the namespace the objects go to (default: each object's own, else 'default')
              --namespace-label K=V   a label the namespace carries, e.g. pod-security.kubernetes.io/enforce=baseline
                                      (repeatable; the namespace always counts as opted in unless --opted-in-only)
              --opted-in-only         change only pods annotated bifrost.io/protect: "true", as in a namespace
                                      without the bifrost.io/protect=enabled label
              --tracer-image IMAGE    the tracer image (default: the webhook's default)
              --tracer-endpoint URL   where the tracer reports (default: the in-cluster webhook service)
              --kubernetes-version V  the API server's version, e.g. 1.28 or v1.29.4 (default: 1.30 and newer):
                                      below 1.29 the tracer is a plain container, below 1.30 profiles are set
                                      by annotation only (the webhook's Bifrost:Admission:KubernetesVersion)
              --pod-security-default LEVEL
                                      the cluster's default Pod Security level for namespaces without the
                                      pod-security.kubernetes.io/enforce label (default: privileged)
              --no-legacy-annotation  on 1.30 and newer, do not also write the deprecated
                                      container.apparmor.security.beta annotations
              --no-native-sidecar     add the tracer as a plain container on any version
              --trace-host-network    add the tracer to hostNetwork pods too

        exit codes: 0 printed, 1 the input could not be read (nothing printed), 2 bad command line

        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var (file, settings) = Parse(args);
        string text;
        try
        {
            text = file == "-"
                ? await console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false)
                : await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"bifrost inject: cannot read {file}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        // Notes are held back so that a document that cannot be read leaves nothing half-printed.
        using var notes = new StringWriter();
        var injector = new ManifestInjector(settings, notes);
        string output;
        try
        {
            output = ManifestRewriter.Rewrite(text, ManifestRewriter.Detect(text), injector.Inject);
        }
        catch (ManifestException e)
        {
            await console.Error.WriteLineAsync($"bifrost inject: {(file == "-" ? "stdin" : file)}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        await console.Error.WriteAsync(notes.ToString()).ConfigureAwait(false);
        await console.Out.WriteAsync(output).ConfigureAwait(false);
        await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static (string File, InjectOptions Settings) Parse(IReadOnlyList<string> args)
    {
        string? file = null;
        string? @namespace = null;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var optedInOnly = false;
        var admission = new AdmissionOptions();
        var server = KubernetesVersion.Newest;
        var reader = new ArgumentReader(args);
        while (reader.Next() is { } option)
        {
            switch (option)
            {
                case "-f" or "--filename":
                    file = reader.Value();
                    break;
                case "-n" or "--namespace":
                    @namespace = reader.Value();
                    break;
                case "--namespace-label":
                    var (key, value) = reader.Pair();
                    labels[key] = value;
                    break;
                case "--opted-in-only":
                    optedInOnly = true;
                    break;
                case "--tracer-image":
                    admission = admission with { Tracer = admission.Tracer with { Image = reader.Value() } };
                    break;
                case "--tracer-endpoint":
                    admission = admission with { Tracer = admission.Tracer with { Endpoint = reader.Value() } };
                    break;
                case "--kubernetes-version":
                    var text = reader.Value();
                    if (!KubernetesVersion.TryParse(text, out var parsed))
                        throw new UsageException($"--kubernetes-version must be a Kubernetes version such as 1.29 or v1.30.2, got '{text}'");
                    admission = admission with { KubernetesVersion = text };
                    server = parsed;
                    break;
                case "--pod-security-default":
                    admission = admission with { PodSecurityDefaultLevel = reader.Value() };
                    if (admission.Validate().Any(e => e.Contains(nameof(AdmissionOptions.PodSecurityDefaultLevel), StringComparison.Ordinal)))
                        throw new UsageException($"--pod-security-default must be privileged, baseline or restricted, got '{admission.PodSecurityDefaultLevel}'");
                    break;
                case "--no-legacy-annotation":
                    admission = admission with { WriteLegacyAnnotation = false };
                    break;
                case "--no-native-sidecar":
                    admission = admission with { NativeSidecar = false };
                    break;
                case "--trace-host-network":
                    admission = admission with { TraceHostNetworkPods = true };
                    break;
                default:
                    throw new UsageException($"unknown option '{option}'");
            }
        }

        if (string.IsNullOrEmpty(file))
            throw new UsageException("-f FILE is required ('-f -' reads standard input)");
        if (@namespace is { Length: 0 })
            throw new UsageException("--namespace must not be empty");
        if (admission.Validate().FirstOrDefault() is { } invalid)
            throw new UsageException(invalid);

        if (optedInOnly)
            labels.Remove(BifrostLabels.Protect);
        else
            labels[BifrostLabels.Protect] = BifrostLabels.ProtectNamespaceValue;
        return (file, new InjectOptions { Namespace = @namespace, NamespaceLabels = labels, Admission = admission, ServerVersion = server });
    }
}
