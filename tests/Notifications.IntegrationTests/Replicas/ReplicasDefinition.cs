namespace Notifications.IntegrationTests.Replicas;

/// <summary>The replica test measures a rate: its stack never runs beside another of the same collection.</summary>
[CollectionDefinition(Name)]
public sealed class ReplicasDefinition
{
    public const string Name = "Replicas";
}
