using System.Collections.Concurrent;
using Bifrost.Core.Admission;
using Bifrost.Core.Observations;
using k8s;
using k8s.Autorest;

namespace Bifrost.Webhook.Intake;

/// <summary>
/// Reads a pod's <c>bifrost.io/protect</c> annotation, once per pod: only a pod's first report in an unlabelled
/// namespace asks, since the report's acceptance creates the workload's BifrostProfile.
/// </summary>
internal sealed class KubernetesPodOptIn(IKubernetes client) : IPodOptIn
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, bool> answers = new(StringComparer.Ordinal);

    public async Task<bool> IsOptedInAsync(ReportPod pod, CancellationToken cancellationToken)
    {
        if (answers.TryGetValue(pod.Uid, out var known))
            return known;
        bool optedIn;
        try
        {
            var current = await client.CoreV1.ReadNamespacedPodAsync(pod.Name, pod.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            optedIn = current.Metadata?.Uid == pod.Uid &&
                OptIn.Of(namespaceLabel: null, current.Metadata.Annotations?.TryGetValue(BifrostLabels.Protect, out var value) == true ? value : null) == OptInState.Protected;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            optedIn = false;
        }

        if (answers.Count >= MaxEntries)
            answers.Clear();
        answers[pod.Uid] = optedIn;
        return optedIn;
    }
}
