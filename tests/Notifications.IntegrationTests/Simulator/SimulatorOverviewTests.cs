using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Notifications.IntegrationTests.Simulator;

/// <summary>What the inspection page shows, through the JSON behind it: refused creates and inbound messages with their answers.</summary>
public sealed class SimulatorOverviewTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Theory]
    [InlineData("+15005550001", 21211)]
    [InlineData("+15005550004", 21610)]
    public async Task RefusedCreate_IsListedWithItsErrorCode_InTheRejectedListAndTheOverview(string to, int code)
    {
        var body = "refused " + Guid.NewGuid().ToString("N");
        await Assert.ThrowsAsync<ApiException>(() => MessageResource.CreateAsync(
            to: new PhoneNumber(to), from: new PhoneNumber("+15005550006"), body: body, client: fixture.Twilio));

        var rejected = await fixture.Http.GetFromJsonAsync<JsonElement>($"/simulator/rejected?to={Uri.EscapeDataString(to)}");
        var record = Assert.Single(rejected.EnumerateArray(), r => r.GetProperty("body").GetString() == body);
        Assert.Equal(code, record.GetProperty("errorCode").GetInt32());
        Assert.Equal(400, record.GetProperty("httpStatus").GetInt32());
        Assert.Equal("+15005550006", record.GetProperty("from").GetString());
        Assert.False(string.IsNullOrEmpty(record.GetProperty("errorMessage").GetString()));

        var overview = await fixture.Http.GetFromJsonAsync<JsonElement>("/simulator/overview");
        Assert.Contains(overview.GetProperty("rejected").EnumerateArray(), r => r.GetProperty("body").GetString() == body);
        Assert.True(overview.GetProperty("rejectedCount").GetInt64() >= 1);
        Assert.DoesNotContain(overview.GetProperty("messages").EnumerateArray(), m => m.GetProperty("body").GetString() == body);
    }

    [Fact]
    public async Task AcceptedCreate_IsNotListedAsRefused()
    {
        var to = TestNumbers.Delivered();
        await MessageResource.CreateAsync(to: new PhoneNumber(to), from: new PhoneNumber("+15005550006"), body: "accepted", client: fixture.Twilio);

        var rejected = await fixture.Http.GetFromJsonAsync<JsonElement>($"/simulator/rejected?to={Uri.EscapeDataString(to)}");
        Assert.Equal(0, rejected.GetArrayLength());
    }

    [Fact]
    public async Task Inbound_IsListedWithWhatWasPostedAndTheAnswerReceived()
    {
        const string twiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>You are unsubscribed.</Message></Response>";
        fixture.Receiver.InboundResponse = twiml;
        var from = TestNumbers.Delivered();

        var response = await fixture.Http.PostAsync(new Uri("/simulator/inbound", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["from"] = from, ["to"] = "+15005550006", ["body"] = "STOP",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sid = response.Headers.GetValues("X-Simulator-Message-Sid").Single();

        var inbound = await fixture.Http.GetFromJsonAsync<JsonElement>("/simulator/inbound");
        var record = Assert.Single(inbound.EnumerateArray(), r => r.GetProperty("from").GetString() == from);
        Assert.Equal(sid, record.GetProperty("messageSid").GetString());
        Assert.Equal("+15005550006", record.GetProperty("to").GetString());
        Assert.Equal("STOP", record.GetProperty("body").GetString());
        Assert.Equal(200, record.GetProperty("httpStatus").GetInt32());
        Assert.Equal(twiml, record.GetProperty("answer").GetString());

        var overview = await fixture.Http.GetFromJsonAsync<JsonElement>("/simulator/overview");
        Assert.Contains(overview.GetProperty("inbound").EnumerateArray(), r => r.GetProperty("messageSid").GetString() == sid);
    }

    [Fact]
    public async Task Page_CarriesTheOverview_AndUpdatesByFetchingIt_WithoutReloading()
    {
        var body = "page " + Guid.NewGuid().ToString("N");
        await Assert.ThrowsAsync<ApiException>(() => MessageResource.CreateAsync(
            to: new PhoneNumber("+15005550001"), from: new PhoneNumber("+15005550006"), body: body, client: fixture.Twilio));

        var page = await fixture.Http.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains(body, page, StringComparison.Ordinal);
        Assert.Contains("fetch(\"simulator/overview\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http-equiv=\"refresh\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_EscapesMarkupInWhatItShows()
    {
        var body = "</script><script>alert(1)</script>";
        await Assert.ThrowsAsync<ApiException>(() => MessageResource.CreateAsync(
            to: new PhoneNumber("+15005550001"), from: new PhoneNumber("+15005550006"), body: body, client: fixture.Twilio));

        var page = await fixture.Http.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.DoesNotContain(body, page, StringComparison.Ordinal);
    }
}
