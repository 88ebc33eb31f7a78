using Notifications.Core.Sms;

namespace Notifications.UnitTests;

public sealed class SenderRulesTests
{
    [Theory]
    [InlineData("IN", "ACMEIN", "1201", "1207", true)]
    [InlineData("IN", "ACME1N", "1201", "1207", false)]
    [InlineData("IN", "ACMEIN", null, "1207", false)]
    [InlineData("IN", "ACMEIN", "1201", null, false)]
    [InlineData("GB", "12345", null, null, true)]
    [InlineData("GB", "AcmeAlerts", null, null, true)]
    [InlineData("GB", "AcmeAlertsLtd", null, null, false)]
    [InlineData("GB", "INFO", null, null, false)]
    [InlineData("US", "+14155550100", null, null, true)]
    [InlineData("US", "AcmeAlerts", null, null, false)]
    [InlineData("CA", "12345", null, null, true)]
    [InlineData("NG", "AcmeNG", null, null, true)]
    [InlineData("KE", "AcmeKE", null, null, true)]
    public void Validate_AppliesTheCountrysSenderRules(string country, string from, string? entity, string? template, bool valid)
    {
        var errors = SenderRules.Validate(country, new SenderOptions { From = from, DltEntityId = entity, DltTemplateId = template }).ToList();

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.StartsWith($"Sms:Senders:{country}", e, StringComparison.Ordinal));
    }
}
