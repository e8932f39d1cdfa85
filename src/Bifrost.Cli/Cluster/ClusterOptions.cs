using System.CommandLine;

namespace Bifrost.Cli.Cluster;

/// <summary>The options every cluster command takes: which kubeconfig and context, and for most a namespace.</summary>
internal sealed class ClusterOptions
{
    public Option<string> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)",
        HelpName = "FILE",
    };

    public Option<string> Context { get; } = new("--context") { Description = "the kubeconfig context (default: its current context)", HelpName = "NAME" };

    public Option<string> Namespace { get; } = new("--namespace", "-n") { Description = "the workload's namespace (default: the context's, else default)", HelpName = "NAME" };

    /// <summary>Adds the options to <paramref name="command"/>; the namespace only where it means a workload's.</summary>
    public void AddTo(Command command, bool withNamespace = true)
    {
        command.Options.Add(Kubeconfig);
        command.Options.Add(Context);
        if (withNamespace)
            command.Options.Add(Namespace);
    }

    /// <summary>A client for the REST paths of any kind (install and uninstall).</summary>
    public ClusterConnection Open(ParseResult result) => ClusterConnection.Open(result.GetValue(Kubeconfig), result.GetValue(Context));

    public ClusterClient Connect(ParseResult result) =>
        ClusterClient.Connect(result.GetValue(Kubeconfig), result.GetValue(Context), Environment.GetEnvironmentVariable("KUBECONFIG"));
}
