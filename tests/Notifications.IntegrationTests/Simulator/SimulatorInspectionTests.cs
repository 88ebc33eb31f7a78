using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Security;
using Twilio.Types;

namespace Notifications.IntegrationTests.Simulator;

public sealed class SimulatorInspectionTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task Inbound_PostsSignedWebhookAsTwilio_AndReturnsTheServicesTwiml()
    {
        fixture.Receiver.InboundResponse = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>You are unsubscribed.</Message></Response>";
        var from = TestNumbers.Delivered();

        var response = await fixture.Http.PostAsync(new Uri("/simulator/inbound", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["from"] = from, ["to"] = "+15005550006", ["body"] = "STOP",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("You are unsubscribed.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var posted = Assert.Single(await fixture.Receiver.WaitForAsync(r => r.Path == "/inbound" && r.Form.GetValueOrDefault("From") == from, 1));
        var form = posted.Form;
        Assert.Equal("STOP", form["Body"]);
        Assert.Equal("received", form["SmsStatus"]);
        Assert.Matches("^SM[0-9a-f]{32}$", form["MessageSid"]);
        Assert.True(new RequestValidator(SimulatorFixture.AuthToken).Validate(fixture.Receiver.Url("/inbound").ToString(), form, posted.Headers["X-Twilio-Signature"]));
        Assert.False(string.IsNullOrEmpty(posted.Headers["I-Twilio-Idempotency-Token"]));
    }

    [Fact]
    public async Task Inbound_WithoutFrom_Is400NamingTheField()
    {
        var response = await fixture.Http.PostAsJsonAsync("/simulator/inbound", new { to = "+15005550006", body = "hi" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("from", out _));
    }

    [Fact]
    public async Task Messages_ListShowsSentMessagesNewestFirstWithCallbacks_AndPageShowsThem()
    {
        var to = TestNumbers.Delivered();
        var first = await MessageResource.CreateAsync(to: new PhoneNumber(to), from: new PhoneNumber("+15005550006"), body: "first",
            statusCallback: fixture.StatusCallbackUrl, client: fixture.Twilio);
        var second = await MessageResource.CreateAsync(to: new PhoneNumber(to), from: new PhoneNumber("+15005550006"), body: "second",
            statusCallback: fixture.StatusCallbackUrl, client: fixture.Twilio);
        await fixture.Receiver.WaitForAsync(r => r.Path == "/status" && r.Form["MessageSid"] == first.Sid && r.Form["MessageStatus"] == "delivered", 1);
        // The receiver has the callback before the simulator records its answer.
        var listed = await Eventually.UntilAsync(
            () => fixture.Http.GetFromJsonAsync<JsonElement>($"/simulator/messages?to={Uri.EscapeDataString(to)}"),
            l => l.GetArrayLength() == 2 && l[1].GetProperty("callbacks").EnumerateArray().Any(c => c.GetProperty("status").GetString() == "delivered"),
            $"the simulator's list to show {first.Sid}'s delivered callback");

        Assert.Equal([second.Sid, first.Sid], listed.EnumerateArray().Select(m => m.GetProperty("sid").GetString()));
        var callbacks = listed[1].GetProperty("callbacks").EnumerateArray().Select(c => c.GetProperty("status").GetString()).ToList();
        Assert.Contains("delivered", callbacks);

        var page = await fixture.Http.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains(first.Sid, page, StringComparison.Ordinal);
        Assert.Contains("second", page, StringComparison.Ordinal);
    }
}
