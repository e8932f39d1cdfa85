namespace Bifrost.Agent.Cluster;

internal enum ProfileEventType
{
    Reset,
    Upsert,
    Delete,
}
