using Prometheus;

namespace Bifrost.Kubernetes.Leadership;

public sealed class LeadershipMetrics(IMetricFactory factory)
{
    private readonly Gauge leader = factory.CreateGauge(
        "bifrost_lifecycle_leader", "1 while this replica holds the lease and runs the learning controller, else 0.");

    private readonly Counter transitions = factory.CreateCounter(
        "bifrost_lifecycle_leader_transitions_total", "Times this replica started or stopped leading.", new CounterConfiguration { LabelNames = ["to"] });

    public void Leading(bool leading)
    {
        leader.Set(leading ? 1 : 0);
        transitions.WithLabels(leading ? "leader" : "follower").Inc();
    }
}
