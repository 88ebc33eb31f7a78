using System.Reflection;
using Notifications.Client.Messages;
using Notifications.Core.Messages;

namespace Notifications.UnitTests.Client;

/// <summary>The client's status constants are the service's, value for value (the package cannot reference Core).</summary>
public sealed class StatusValuesTests
{
    [Fact]
    public void ClientMessageStatuses_AreExactlyTheServicesMessageStatuses()
    {
        Assert.Equal(Values(typeof(MessageStatus)), Values(typeof(MessageStatuses)));
    }

    private static string[] Values(Type constants) =>
        [.. constants.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal)];
}
