namespace Notifications.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL and Redis in a deployable description (<c>--publisher manifest</c>): two connection strings,
/// <c>notifications</c> (Npgsql) and <c>cache</c> (StackExchange.Redis), that the deployment supplies as secret
/// inputs, pointing at managed services.
/// <para>
/// Why connection strings and not Aspire's PostgreSQL and Redis resources: published, those resources are
/// containers the deployment would run itself, with a volume, a generated password and no backups, failover or
/// upgrades; PostgreSQL here is the source of truth (the outbox, the consent ledger), which belongs on a managed
/// service. A connection string also names everything the services need (TLS, pool sizes, the Redis password)
/// without this project knowing the provider. docs/deployment.md lists what the database needs.
/// </para>
/// </summary>
internal static class PublishedInfrastructure
{
    public static NotificationsInfrastructure AddPublishedInfrastructure(this IDistributedApplicationBuilder builder) =>
        new(builder.AddConnectionString(InfrastructureExtensions.DatabaseName),
            builder.AddConnectionString(InfrastructureExtensions.CacheName));
}
