namespace Notifications.IntegrationTests.Contracts;

/// <summary>Test classes in this collection share the api processes of <see cref="ApiProcessFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ApiProcessDefinition : ICollectionFixture<ApiProcessFixture>
{
    public const string Name = "api-process";
}
