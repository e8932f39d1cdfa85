using Bifrost.Core.AppArmor;
using Bifrost.Core.Learning;
using Bifrost.Kubernetes.Leadership;
using Bifrost.Webhook.Lifecycle;
using Bifrost.Webhook.Profiles;
using Bifrost.Webhook.Restarts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Bifrost.Webhook.Tests.Lifecycle;

/// <summary>The learning controller built from real parts, with the store, leadership and restarts a test chooses.</summary>
internal static class LifecycleParts
{
    public static LifecycleService Service(
        IProfileStore store, ILeadership leadership, RestartOnEnforce restarts, IEventSink events, IMetricFactory metrics, TimeSpan interval) =>
        new(store, new ProfileLifecycle(new LearningPolicy(), IncludeResolver.BuiltInOnly), new AllNodesLoaded(), events, new LocalProfileSnapshot(),
            Options.Create(new LifecycleOptions { EvaluateInterval = interval }), new LifecycleMetrics(metrics), TimeProvider.System,
            NullLogger<LifecycleService>.Instance, leadership, restarts);
}
