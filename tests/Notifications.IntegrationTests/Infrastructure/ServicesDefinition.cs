namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>Test classes in this collection share one PostgreSQL and one Redis.</summary>
[CollectionDefinition(Name)]
public sealed class ServicesDefinition : ICollectionFixture<ServicesFixture>
{
    public const string Name = "services";
}
