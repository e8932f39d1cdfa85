using System.CommandLine;

namespace Bifrost.Cli.Install;

/// <summary>The options that say which cluster a command works on, shared by install and uninstall.</summary>
internal sealed class ClusterOptions
{
    public Option<string> Kubeconfig { get; } = new("--kubeconfig") { Description = "the kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)", HelpName = "FILE" };

    public Option<string> Context { get; } = new("--context") { Description = "the kubeconfig context to use (default: its current context)", HelpName = "NAME" };

    public void AddTo(Command command)
    {
        command.Options.Add(Kubeconfig);
        command.Options.Add(Context);
    }

    public ClusterConnection Open(ParseResult result) => ClusterConnection.Open(result.GetValue(Kubeconfig), result.GetValue(Context));
}
