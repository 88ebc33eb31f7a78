namespace Notifications.IntegrationTests.Storms;

/// <summary>The storm tests measure rates: their stacks run one after another, never beside each other.</summary>
[CollectionDefinition(Name)]
public sealed class StormsDefinition
{
    public const string Name = "Twilio storms";
}
