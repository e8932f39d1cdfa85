using System.CommandLine;
using Bifrost.Cli.CommandLine;
using Bifrost.Cli.Inject;
using Bifrost.Cli.Manifests;
using Bifrost.Core.Admission;

namespace Bifrost.Cli.Commands;

/// <summary><c>bifrost inject</c>: prints manifests as the webhook would change their pods, like <c>istioctl kube-inject</c>.</summary>
internal sealed class InjectCommand : ICommand
{
    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json"];

    public Command Create(CliConsole console)
    {
        var files = new Option<string[]>("--filename", "-f")
        {
            Description = "a manifest file, a directory (its *.yaml, *.yml and *.json files, sorted) or '-' for standard input; repeatable",
            HelpName = "FILE|DIR",
            Required = true,
        };
        var @namespace = new Option<string>("--namespace", "-n") { Description = "the namespace the objects go to (default: each object's own, else 'default')", HelpName = "NAME" };
        var labels = new Option<string[]>("--namespace-label")
        {
            Description = "a label the namespace carries, e.g. pod-security.kubernetes.io/enforce=baseline (repeatable; the namespace always counts as opted in unless --opted-in-only)",
            HelpName = "KEY=VALUE",
        };
        var optedInOnly = Flag("--opted-in-only", "change only pods annotated bifrost.io/protect: \"true\", as in a namespace without the bifrost.io/protect=enabled label");
        var tracerImage = new Option<string>("--tracer-image") { Description = "the tracer image (default: the webhook's default)", HelpName = "IMAGE" };
        var tracerEndpoint = new Option<string>("--tracer-endpoint") { Description = "where the tracer reports (default: the in-cluster webhook service)", HelpName = "URL" };
        var kubernetesVersion = new Option<string>("--kubernetes-version")
        {
            Description = "the API server's version, e.g. 1.28 or v1.29.4 (default: 1.30 and newer): below 1.29 the tracer is a plain container, below 1.30 profiles are set by annotation only",
            HelpName = "VERSION",
        };
        var podSecurityDefault = new Option<string>("--pod-security-default")
        {
            Description = "the cluster's default Pod Security level for namespaces without the pod-security.kubernetes.io/enforce label (default: privileged)",
            HelpName = "LEVEL",
        };
        podSecurityDefault.AcceptOnlyFromAmong("privileged", "baseline", "restricted");
        var noLegacy = Flag("--no-legacy-annotation", "on 1.30 and newer, do not also write the deprecated container.apparmor.security.beta annotations");
        var noNative = Flag("--no-native-sidecar", "add the tracer as a plain container on any version");
        var hostNetwork = Flag("--trace-host-network", "add the tracer to hostNetwork pods too");

        var command = new BifrostCommand("inject", "Print manifests with the changes the webhook makes to their pods")
        {
            Details = """
            Print manifests with every Pod and every pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
            CronJob) changed as the Bifrost webhook would change its pods: learning AppArmor profiles and the tracer
            sidecar. Other objects are printed as they are, in the input's format (YAML or JSON, several documents or a
            List); several files come out as one YAML stream, in order, separated by '---'. Notes and warnings go to
            standard error.
            """,
            ExitCodes = [ExitCodes.Success, ExitCodes.Usage, ExitCodes.Input],
        };
        foreach (var option in new Option[] { files, @namespace, labels, optedInOnly, tracerImage, tracerEndpoint, kubernetesVersion, podSecurityDefault, noLegacy, noNative, hostNetwork })
            command.Options.Add(option);
        command.SetAction((result, cancellationToken) =>
        {
            var admission = new AdmissionOptions();
            if (result.GetValue(tracerImage) is { } image)
                admission = admission with { Tracer = admission.Tracer with { Image = image } };
            if (result.GetValue(tracerEndpoint) is { } endpoint)
                admission = admission with { Tracer = admission.Tracer with { Endpoint = endpoint } };
            if (result.GetValue(podSecurityDefault) is { } level)
                admission = admission with { PodSecurityDefaultLevel = level };
            var server = KubernetesVersion.Newest;
            if (result.GetValue(kubernetesVersion) is { } version)
            {
                if (!KubernetesVersion.TryParse(version, out server))
                    throw new UsageException($"--kubernetes-version must be a Kubernetes version such as 1.29 or v1.30.2, got '{version}'");
                admission = admission with { KubernetesVersion = version };
            }

            admission = admission with
            {
                WriteLegacyAnnotation = !result.GetValue(noLegacy),
                NativeSidecar = !result.GetValue(noNative),
                TraceHostNetworkPods = result.GetValue(hostNetwork),
            };
            var settings = Settings(result.GetValue(@namespace), result.GetValue(labels) ?? [], result.GetValue(optedInOnly), admission, server);
            var inputs = InputFiles.Expand(result.GetValue(files) ?? [], ManifestExtensions);
            return RunAsync(inputs, settings, console, cancellationToken);
        });
        return command;
    }

    private static Option<bool> Flag(string name, string description) => new(name) { Description = description, Arity = ArgumentArity.Zero };

    private static InjectOptions Settings(string? @namespace, string[] labelPairs, bool optedInOnly, AdmissionOptions admission, KubernetesVersion server)
    {
        if (@namespace is { Length: 0 })
            throw new UsageException("--namespace must not be empty");
        if (admission.Validate().FirstOrDefault() is { } invalid)
            throw new UsageException(invalid);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in labelPairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new UsageException($"--namespace-label needs KEY=VALUE, got '{pair}'");
            labels[pair[..equals]] = pair[(equals + 1)..];
        }

        if (optedInOnly)
            labels.Remove(BifrostLabels.Protect);
        else
            labels[BifrostLabels.Protect] = BifrostLabels.ProtectNamespaceValue;
        return new InjectOptions { Namespace = @namespace, NamespaceLabels = labels, Admission = admission, ServerVersion = server };
    }

    private static async Task<int> RunAsync(IReadOnlyList<string> files, InjectOptions settings, CliConsole console, CancellationToken cancellationToken)
    {
        // Notes and output are held back so that an input that cannot be read leaves nothing half-printed.
        using var notes = new StringWriter();
        var injector = new ManifestInjector(settings, notes);
        var outputs = new List<string>();
        foreach (var file in files)
        {
            string text;
            try
            {
                text = file == InputFiles.StandardInput
                    ? await console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false)
                    : await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync($"bifrost inject: cannot read {file}: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Input;
            }

            try
            {
                outputs.Add(ManifestRewriter.Rewrite(text, ManifestRewriter.Detect(text), injector.Inject));
            }
            catch (ManifestException e)
            {
                await console.Error.WriteLineAsync($"bifrost inject: {(file == InputFiles.StandardInput ? "stdin" : file)}: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Input;
            }
        }

        await console.Error.WriteAsync(notes.ToString()).ConfigureAwait(false);
        await console.Out.WriteAsync(Join(outputs)).ConfigureAwait(false);
        await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>One file's output as it is; several as one YAML stream (JSON documents are YAML too).</summary>
    private static string Join(List<string> outputs) =>
        outputs.Count == 1
            ? outputs[0]
            : string.Concat(outputs.Select((text, i) =>
                (i == 0 || text.StartsWith("---", StringComparison.Ordinal) ? "" : "---\n") + (text.EndsWith('\n') ? text : text + "\n")));
}
