using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Client;
using Notifications.Client.Consent;
using Notifications.Client.Messages;
using Notifications.Client.Reports;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Client;

/// <summary>The api's problem+json answers as the client's typed exceptions, and the client's calls end to end.</summary>
[Collection(ClientDefinition.Name)]
public sealed class ClientErrorTests(ClientProcesses stack)
{
    [Fact]
    public async Task Send_InvalidNumber_ThrowsValidationException_WithTheFieldErrors()
    {
        await using var services = stack.ClientServices();
        var client = services.GetRequiredService<NotificationsClient>();

        var invalid = await Assert.ThrowsAsync<NotificationsValidationException>(
            () => client.SendAsync(new SendMessageRequest { To = "not a number", Body = "Hello", Purpose = "promotional" }));

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("to", invalid.Errors.Keys);
        Assert.Contains("purpose", invalid.Errors.Keys);
        Assert.NotEmpty(invalid.Errors["to"][0]);
        Assert.Equal(JsonValueKindObject, invalid.Problem.ValueKind);
    }

    [Fact]
    public async Task RecordConsent_WithoutTheScope_ThrowsForbidden_NamingTheMissingScope()
    {
        await using var services = stack.ClientServices(app: ClientProcesses.ReadOnlyApp);
        var client = services.GetRequiredService<NotificationsClient>();

        var forbidden = await Assert.ThrowsAsync<NotificationsForbiddenException>(() => ClientRetryTests.ConsentedNumberAsync(client));

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("consent:write", forbidden.MissingScope);
        Assert.Contains("consent:write", forbidden.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMessage_Unknown_ThrowsNotFound()
    {
        await using var services = stack.ClientServices();
        var client = services.GetRequiredService<NotificationsClient>();

        var missing = await Assert.ThrowsAsync<NotificationsNotFoundException>(() => client.GetMessageAsync(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Not Found", missing.Title);
    }

    [Fact]
    public async Task AnyCall_WithAnUnknownKey_ThrowsUnauthorized()
    {
        await using var services = stack.ClientServices(configure: options => options.ApiKey = "not-a-key-of-any-app");
        var client = services.GetRequiredService<NotificationsClient>();

        await Assert.ThrowsAsync<NotificationsUnauthorizedException>(() => client.GetConsentAsync(TestNumbers.Delivered()));
    }

    [Fact]
    public async Task Consent_RecordGetExportRevoke_AndDoubleOptIn_RoundTrip()
    {
        await using var services = stack.ClientServices();
        var client = services.GetRequiredService<NotificationsClient>();

        var phone = await ClientRetryTests.ConsentedNumberAsync(client);
        var state = await client.GetConsentAsync(phone);
        Assert.Equal(phone, state.Phone);
        Assert.Equal("opted_in", state.Purposes[MessagePurposes.Transactional].Status);
        var export = await client.ExportConsentAsync(phone);
        Assert.True(export.Verified);
        Assert.NotNull(Assert.Single(export.Consent.Events).Hash);
        var revoked = await client.RevokeConsentAsync(phone, new RevokeConsentRequest { Reason = "Asked at the desk" });
        Assert.True(revoked.Suppressed);
        await Assert.ThrowsAsync<NotificationsNotFoundException>(() => client.GetConsentAsync(TestNumbers.Delivered()));

        var request = await client.RequestConsentAsync(new CreateConsentRequest
        {
            Phone = TestNumbers.Delivered(), Purpose = MessagePurposes.Marketing, Source = ConsentSources.WebForm,
            SourceUrl = "https://clinic.example/sign-up", IpAddress = "203.0.113.7", UserAgent = "tests",
        });
        Assert.Equal("pending", request.Status);
        Assert.Equal("pending", (await client.GetConsentRequestAsync(request.Id)).Status);
    }

    [Fact]
    public async Task Batch_ConfirmAndReport_RoundTrip()
    {
        await using var services = stack.ClientServices();
        var client = services.GetRequiredService<NotificationsClient>();
        var to = await ClientRetryTests.ConsentedNumberAsync(client);

        var batch = await client.SendBatchAsync([new SendMessageRequest { To = to, Body = "One" }, new SendMessageRequest { To = "bad", Body = "Two" }]);
        Assert.Equal(1, batch.Accepted);
        Assert.Equal(1, batch.Rejected);
        Assert.Contains(batch.Results[1].Errors!.Keys, field => field.EndsWith("to", StringComparison.Ordinal));
        var rejected = await client.SendBatchAsync([new SendMessageRequest { To = "bad", Body = "Two" }]);
        Assert.Equal(0, rejected.Accepted);

        var id = batch.Results[0].Id!.Value;
        await Eventually.UntilAsync(() => client.GetMessageAsync(id), m => m.ProviderSid is not null, "the message handed to Twilio", TimeSpan.FromSeconds(60));
        var confirmed = await client.ConfirmAsync(id);
        Assert.Equal(confirmed.ConfirmedAt, (await client.ConfirmAsync(id)).ConfirmedAt);

        var now = DateTimeOffset.UtcNow;
        var report = await client.GetReliabilityReportAsync(now.AddHours(-1), now.AddHours(1), ReliabilityGrouping.Country);
        Assert.Equal("country", report.GroupBy);
        Assert.True(report.Totals.Confirmed >= 1);
        Assert.Contains(report.Groups, g => g.Key == "US");
    }

    private const System.Text.Json.JsonValueKind JsonValueKindObject = System.Text.Json.JsonValueKind.Object;
}
