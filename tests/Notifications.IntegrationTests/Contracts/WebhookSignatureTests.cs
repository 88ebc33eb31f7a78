using System.Net;
using System.Text;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.Contracts;

/// <summary>Twilio's and SendGrid's signatures checked by the api as deployed, with <c>PUBLIC_BASE_URL</c> unset.</summary>
[Collection(ApiProcessDefinition.Name)]
public sealed class WebhookSignatureTests(ApiProcessFixture fixture)
{
    private const string InboundPath = "/api/webhooks/twilio/inbound";

    [Fact]
    public async Task Inbound_SignedStopWithoutPublicBaseUrl_Is200AndSuppressesTheNumber()
    {
        using var client = ApiProcessFixture.Client(fixture.Api, withKey: false);
        var phone = TestNumbers.Delivered();
        var form = Stop(phone);

        using var response = await ApiProcessFixture.PostTwilioAsync(client, InboundPath, form, RequestedUrl(fixture.Api));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("unsubscribed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await IsSuppressedAsync(phone), "the STOP suppressed the number");
    }

    [Fact]
    public async Task Inbound_SignedForAnotherUrl_Is403AndRecordsNothing()
    {
        using var client = ApiProcessFixture.Client(fixture.Api, withKey: false);
        var phone = TestNumbers.Delivered();
        var form = Stop(phone);

        using var response = await ApiProcessFixture.PostTwilioAsync(client, InboundPath, form, "https://elsewhere.example.com" + InboundPath);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(await IsSuppressedAsync(phone));
        Assert.False(await InboundRecordedAsync(form["MessageSid"]));
    }

    [Theory]
    [InlineData("not base64 at all: %%%***")]
    [InlineData("====")]
    [InlineData("+/+/==AAA")]
    [InlineData("huge")]
    public async Task Inbound_GarbageSignatureHeader_Is403Not500(string signature)
    {
        using var client = ApiProcessFixture.Client(fixture.Api, withKey: false);
        var phone = TestNumbers.Delivered();
        var form = Stop(phone);
        var header = signature == "huge" ? new string('A', 16 * 1024) + "!~" : signature;

        using var response = await ApiProcessFixture.PostTwilioAsync(client, InboundPath, form, RequestedUrl(fixture.Api), signature: header);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(await IsSuppressedAsync(phone));
    }

    [Fact]
    public async Task Inbound_ForwardedHeadersFromAnUnconfiguredSource_DoNotChangeTheUrlChecked()
    {
        using var client = ApiProcessFixture.Client(fixture.Api, withKey: false);
        var forwarded = new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https", ["X-Forwarded-Host"] = "public.example.org" };

        var spoofedPhone = TestNumbers.Delivered();
        using var spoofed = await ApiProcessFixture.PostTwilioAsync(
            client, InboundPath, Stop(spoofedPhone), "https://public.example.org" + InboundPath, headers: forwarded);
        var realPhone = TestNumbers.Delivered();
        using var real = await ApiProcessFixture.PostTwilioAsync(
            client, InboundPath, Stop(realPhone), RequestedUrl(fixture.Api), headers: forwarded);

        Assert.Equal(HttpStatusCode.Forbidden, spoofed.StatusCode);
        Assert.False(await IsSuppressedAsync(spoofedPhone));
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        Assert.True(await IsSuppressedAsync(realPhone));
    }

    [Fact]
    public async Task Inbound_ForwardedHeadersFromAConfiguredProxy_AreTheUrlChecked()
    {
        using var client = ApiProcessFixture.Client(fixture.ProxiedApi, withKey: false);
        var forwarded = new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https", ["X-Forwarded-Host"] = "public.example.org" };
        var phone = TestNumbers.Delivered();

        using var asForwarded = await ApiProcessFixture.PostTwilioAsync(
            client, InboundPath, Stop(phone), "https://public.example.org" + InboundPath, headers: forwarded);
        var otherPhone = TestNumbers.Delivered();
        using var asRequested = await ApiProcessFixture.PostTwilioAsync(
            client, InboundPath, Stop(otherPhone), RequestedUrl(fixture.ProxiedApi), headers: forwarded);

        Assert.Equal(HttpStatusCode.OK, asForwarded.StatusCode);
        Assert.True(await IsSuppressedAsync(phone));
        Assert.Equal(HttpStatusCode.Forbidden, asRequested.StatusCode);
    }

    [Fact]
    public async Task SendGridEvents_UnsignedOutsideDevelopmentWithoutKey_Are403()
    {
        using var client = ApiProcessFixture.Client(fixture.ProxiedApi, withKey: false);
        using var content = new StringContent("[]", Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("/api/webhooks/sendgrid/events", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task SendGridEvents_SignedWithTheConfiguredKey_Are200()
    {
        using var client = ApiProcessFixture.Client(fixture.Api, withKey: false);
        var body = Encoding.UTF8.GetBytes("[]");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/sendgrid/events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", "1700000000");
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature", fixture.SignSendGrid("1700000000", body));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string RequestedUrl(ServiceProcess api) => api.BaseUrl.GetLeftPart(UriPartial.Authority) + InboundPath;

    private static Dictionary<string, string> Stop(string phone) => new()
    {
        ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"),
        ["From"] = phone,
        ["To"] = "+15005550006",
        ["Body"] = "STOP",
    };

    private async Task<bool> IsSuppressedAsync(string phone)
    {
        await using var connection = new NpgsqlConnection(fixture.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(bool_or(active), false) FROM suppressions WHERE phone = $1", connection);
        command.Parameters.Add(new() { Value = phone });
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private async Task<bool> InboundRecordedAsync(string messageSid)
    {
        await using var connection = new NpgsqlConnection(fixture.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM inbound_messages WHERE message_sid = $1", connection);
        command.Parameters.Add(new() { Value = messageSid });
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }
}
