using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Notifications.Core.Messages;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Consent;

/// <summary>Twilio's webhooks check numbers as the API does (libphonenumber, international form) and record nothing when one is not.</summary>
[Collection(ServicesDefinition.Name)]
public sealed class WebhookNumberValidationTests : IAsyncLifetime
{
    private const string InboundPath = "/api/webhooks/twilio/inbound";
    private const string StatusPath = "/api/webhooks/twilio/status";
    private readonly ServicesFixture _services;
    private readonly ApiFactory _api;

    public WebhookNumberValidationTests(ServicesFixture services)
    {
        _services = services;
        _api = new ApiFactory(services);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("4155550123")]
    [InlineData("+1415555012")]
    [InlineData("+1 (415) 555-01234")]
    [InlineData("+999123456789")]
    [InlineData("not-a-number")]
    [InlineData("MyBrand")]
    public async Task Inbound_FromNotAValidNumber_Is400NamingFrom_AndRecordsNothing(string from)
    {
        var sid = "SM" + Guid.NewGuid().ToString("N");
        var form = InboundForm(from, "STOP", sid);

        var response = await _api.PostSignedAsync(InboundPath, form);

        await AssertProblemNamingAsync(response, "From");
        await using var db = _services.CreateDbContext();
        Assert.False(await db.InboundMessages.AnyAsync(m => m.MessageSid == sid), "an inbound row was recorded");
        Assert.False(await db.ConsentEvents.AnyAsync(e => e.InboundMessageSid == sid), "a consent event was recorded");
        Assert.False(await db.Suppressions.AnyAsync(s => s.SourceMessageSid == sid), "the sender was suppressed");
    }

    [Fact]
    public async Task Inbound_FromValidInInternationalForm_IsRecordedAsE164()
    {
        var phone = TestNumbers.Delivered();
        var sid = "SM" + Guid.NewGuid().ToString("N");
        var typed = $"{phone[..2]} ({phone[2..5]}) {phone[5..8]}-{phone[8..]}";

        var response = await _api.PostSignedAsync(InboundPath, InboundForm(typed, "hello there", sid));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = _services.CreateDbContext();
        Assert.Equal(phone, (await db.InboundMessages.SingleAsync(m => m.MessageSid == sid)).From);
    }

    [Theory]
    [InlineData("4155550123")]
    [InlineData("+1415555012")]
    [InlineData("client:bob")]
    public async Task StatusCallback_ToNotAValidNumber_Is400NamingTo_AndRecordsNothing(string to)
    {
        var message = await _services.InsertAsync(TestMessages.HandedOver("validation", DateTimeOffset.UtcNow));
        var form = StatusForm(message, "delivered");
        form["To"] = to;

        var response = await PostStatusAsync(message, form);

        await AssertProblemNamingAsync(response, "To");
        await using var db = _services.CreateDbContext();
        Assert.Equal(MessageStatus.Queued, (await db.Messages.SingleAsync(m => m.Id == message.Id)).Status);
        Assert.False(await db.MessageEvents.AnyAsync(e => e.MessageId == message.Id && e.Type == MessageEventType.StatusCallback));
    }

    [Fact]
    public async Task StatusCallback_WithoutTo_OrWithAValidTo_IsAccepted()
    {
        var withoutTo = await _services.InsertAsync(TestMessages.HandedOver("validation", DateTimeOffset.UtcNow));
        var form = StatusForm(withoutTo, "delivered");
        form.Remove("To");
        Assert.Equal(HttpStatusCode.OK, (await PostStatusAsync(withoutTo, form)).StatusCode);

        var withTo = await _services.InsertAsync(TestMessages.HandedOver("validation", DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, (await PostStatusAsync(withTo, StatusForm(withTo, "delivered"))).StatusCode);

        await using var db = _services.CreateDbContext();
        Assert.Equal(MessageStatus.Delivered, (await db.Messages.SingleAsync(m => m.Id == withoutTo.Id)).Status);
        Assert.Equal(MessageStatus.Delivered, (await db.Messages.SingleAsync(m => m.Id == withTo.Id)).Status);
    }

    private static async Task AssertProblemNamingAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"the problem does not name {field}: {errors}");
        Assert.Contains("E.164", messages[0].GetString(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostStatusAsync(Message message, Dictionary<string, string> form)
    {
        var query = $"?messageId={message.Id}";
        return await _api.PostSignedAsync(StatusPath + query, form, signature: TwilioSigner.Sign(ApiFactory.AuthToken, ApiFactory.StatusCallbackUrl + query, form));
    }

    private static Dictionary<string, string> StatusForm(Message message, string status) => new()
    {
        ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
        ["ApiVersion"] = "2010-04-01",
        ["From"] = "+15005550006",
        ["MessageSid"] = message.ProviderSid!,
        ["MessageStatus"] = status,
        ["SmsSid"] = message.ProviderSid!,
        ["SmsStatus"] = status,
        ["To"] = message.To,
    };

    private static Dictionary<string, string> InboundForm(string from, string body, string sid) => new()
    {
        ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
        ["ApiVersion"] = "2010-04-01",
        ["Body"] = body,
        ["From"] = from,
        ["MessageSid"] = sid,
        ["NumMedia"] = "0",
        ["SmsMessageSid"] = sid,
        ["SmsSid"] = sid,
        ["SmsStatus"] = "received",
        ["To"] = "+15005550006",
    };
}
