using System.Net;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Security;
using Twilio.Types;

namespace Notifications.IntegrationTests.Simulator;

public sealed class SimulatorTwilioTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private const string From = "+15005550006";

    [Fact]
    public async Task Create_ThroughSdk_ReturnsQueuedMessage_AndPostsSignedSentAndDeliveredCallbacks()
    {
        var to = TestNumbers.Delivered();
        var message = await MessageResource.CreateAsync(
            to: new PhoneNumber(to), from: new PhoneNumber(From), body: "Your code is 123456",
            statusCallback: fixture.StatusCallbackUrl, client: fixture.Twilio);

        Assert.Matches("^SM[0-9a-f]{32}$", message.Sid);
        Assert.Equal(MessageResource.StatusEnum.Queued, message.Status);
        Assert.Equal(to, message.To);
        Assert.Equal("1", message.NumSegments);

        var callbacks = await fixture.Receiver.WaitForAsync(r => r.Path == "/status" && r.Form["MessageSid"] == message.Sid, 2);
        Assert.Equal(["sent", "delivered"], callbacks.Select(c => c.Form["MessageStatus"]));

        var validator = new RequestValidator(SimulatorFixture.AuthToken);
        foreach (var callback in callbacks)
        {
            var form = callback.Form;
            Assert.True(validator.Validate(fixture.StatusCallbackUrl.ToString(), form, callback.Headers["X-Twilio-Signature"]));
            Assert.False(validator.Validate(fixture.Receiver.Url("/status").ToString(), form, callback.Headers["X-Twilio-Signature"]));
            Assert.False(string.IsNullOrEmpty(callback.Headers["I-Twilio-Idempotency-Token"]));
            Assert.Equal(message.Sid, form["SmsSid"]);
            Assert.Equal(form["MessageStatus"], form["SmsStatus"]);
            Assert.Equal(SimulatorFixture.AccountSid, form["AccountSid"]);
            Assert.Equal(to, form["To"]);
            Assert.Equal(From, form["From"]);
            Assert.Equal("2010-04-01", form["ApiVersion"]);
            Assert.False(form.ContainsKey("ErrorCode"));
        }

        var fetched = await MessageResource.FetchAsync(pathSid: message.Sid, client: fixture.Twilio);
        Assert.Equal(MessageResource.StatusEnum.Delivered, fetched.Status);
        Assert.NotNull(fetched.DateSent);
    }

    [Fact]
    public async Task Create_WithWrongAuthToken_FailsWith20003()
    {
        var client = fixture.TwilioWith(SimulatorFixture.AccountSid, "not-the-token");

        var error = await Assert.ThrowsAsync<ApiException>(() => MessageResource.CreateAsync(
            to: new PhoneNumber(TestNumbers.Delivered()), from: new PhoneNumber(From), body: "hi", client: client));

        Assert.Equal(20003, error.Code);
        Assert.Equal(401, error.Status);
        Assert.Equal("https://www.twilio.com/docs/errors/20003", error.MoreInfo);
    }

    [Theory]
    [InlineData("+15005550001", 21211)]
    [InlineData("+15005550002", 21612)]
    [InlineData("+15005550003", 21408)]
    [InlineData("+15005550004", 21610)]
    [InlineData("+15005550009", 21614)]
    public async Task Create_ToMagicTestNumber_FailsWithTwiliosCode(string to, int code)
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => MessageResource.CreateAsync(
            to: new PhoneNumber(to), from: new PhoneNumber(From), body: "hi", client: fixture.Twilio));

        Assert.Equal(code, error.Code);
        Assert.Equal(400, error.Status);
    }

    [Theory]
    [InlineData("3003", "undelivered", 30003)]
    [InlineData("3004", "undelivered", 30004)]
    [InlineData("3005", "undelivered", 30005)]
    [InlineData("3006", "undelivered", 30006)]
    [InlineData("3007", "undelivered", 30007)]
    [InlineData("3008", "undelivered", 30008)]
    [InlineData("3034", "failed", 30034)]
    public async Task Create_ToScenarioNumber_EndsWithErrorCodeInCallbackAndResource(string lastFour, string finalStatus, int errorCode)
    {
        var message = await MessageResource.CreateAsync(
            to: new PhoneNumber(TestNumbers.Scenario(lastFour)), from: new PhoneNumber(From), body: "hi",
            statusCallback: fixture.StatusCallbackUrl, client: fixture.Twilio);

        var expectedCallbacks = finalStatus == "failed" ? 1 : 2;
        var callbacks = await fixture.Receiver.WaitForAsync(r => r.Path == "/status" && r.Form["MessageSid"] == message.Sid, expectedCallbacks);
        var last = callbacks[^1].Form;
        Assert.Equal(finalStatus, last["MessageStatus"]);
        Assert.Equal(errorCode.ToString(System.Globalization.CultureInfo.InvariantCulture), last["ErrorCode"]);

        var fetched = await MessageResource.FetchAsync(pathSid: message.Sid, client: fixture.Twilio);
        Assert.Equal(errorCode, fetched.ErrorCode);
        Assert.NotNull(fetched.ErrorMessage);
    }

    [Fact]
    public async Task Create_ToNoReceiptNumber_StopsAtSent()
    {
        var message = await MessageResource.CreateAsync(
            to: new PhoneNumber(TestNumbers.Scenario("2000")), from: new PhoneNumber(From), body: "hi",
            statusCallback: fixture.StatusCallbackUrl, client: fixture.Twilio);

        await fixture.Receiver.WaitForAsync(r => r.Path == "/status" && r.Form["MessageSid"] == message.Sid, 1);

        // A final status would be due one FinalDelay after "sent" was posted. A message created now
        // reaches "delivered" a SentDelay later than that (no jitter here): once its callback is in,
        // any final callback of the first would be too.
        var later = await MessageResource.CreateAsync(
            to: new PhoneNumber(TestNumbers.Delivered()), from: new PhoneNumber(From), body: "later",
            statusCallback: fixture.StatusCallbackUrl, client: fixture.Twilio);
        await fixture.Receiver.WaitForAsync(r => r.Path == "/status" && r.Form["MessageSid"] == later.Sid && r.Form["MessageStatus"] == "delivered", 1);

        var callbacks = fixture.Receiver.Requests.Where(r => r.Path == "/status" && r.Form["MessageSid"] == message.Sid).ToList();
        Assert.Equal(["sent"], callbacks.Select(c => c.Form["MessageStatus"]));
        Assert.Equal(MessageResource.StatusEnum.Sent, (await MessageResource.FetchAsync(pathSid: message.Sid, client: fixture.Twilio)).Status);
    }

    [Fact]
    public async Task Create_RateLimitedNumber_FailsOnceWith20429_ThenSucceeds()
    {
        var to = TestNumbers.Scenario("4429");

        var error = await Assert.ThrowsAsync<ApiException>(() => MessageResource.CreateAsync(
            to: new PhoneNumber(to), from: new PhoneNumber(From), body: "hi", client: fixture.Twilio));
        Assert.Equal(20429, error.Code);
        Assert.Equal(429, error.Status);

        var message = await MessageResource.CreateAsync(to: new PhoneNumber(to), from: new PhoneNumber(From), body: "hi", client: fixture.Twilio);
        Assert.Equal(MessageResource.StatusEnum.Queued, message.Status);
    }

    [Fact]
    public async Task Create_DroppedConnection_IsAmbiguous_ButListingByToFindsTheMessage()
    {
        var to = TestNumbers.Scenario("4999");
        var before = DateTime.UtcNow.AddMinutes(-1);

        await Assert.ThrowsAsync<ApiConnectionException>(() => MessageResource.CreateAsync(
            to: new PhoneNumber(to), from: new PhoneNumber(From), body: "ambiguous", client: fixture.Twilio));

        var found = (await MessageResource.ReadAsync(to: new PhoneNumber(to), from: new PhoneNumber(From), dateSentAfter: before, client: fixture.Twilio)).ToList();
        var message = Assert.Single(found);
        Assert.Equal("ambiguous", message.Body);
        Assert.Equal(to, message.To);
    }

    [Fact]
    public async Task List_FiltersByToFromAndDateSent_AndPages()
    {
        var to = TestNumbers.Delivered();
        for (var i = 0; i < 3; i++)
        {
            await MessageResource.CreateAsync(to: new PhoneNumber(to), from: new PhoneNumber(From), body: $"m{i}", client: fixture.Twilio);
        }

        await MessageResource.CreateAsync(to: new PhoneNumber(TestNumbers.Delivered()), from: new PhoneNumber(From), body: "other", client: fixture.Twilio);

        var all = (await MessageResource.ReadAsync(to: new PhoneNumber(to), pageSize: 2, client: fixture.Twilio)).ToList();
        Assert.Equal(["m2", "m1", "m0"], all.Select(m => m.Body));

        var otherSender = (await MessageResource.ReadAsync(to: new PhoneNumber(to), from: new PhoneNumber("+15005550007"), client: fixture.Twilio)).ToList();
        Assert.Empty(otherSender);

        var future = (await MessageResource.ReadAsync(to: new PhoneNumber(to), dateSentAfter: DateTime.UtcNow.AddHours(1), client: fixture.Twilio)).ToList();
        Assert.Empty(future);
    }

    [Fact]
    public async Task Fetch_UnknownSid_Is404With20404()
    {
        var error = await Assert.ThrowsAsync<ApiException>(() =>
            MessageResource.FetchAsync(pathSid: "SM" + new string('0', 32), client: fixture.Twilio));

        Assert.Equal(20404, error.Code);
        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task Create_WithoutBody_Is400With21602_InTwiliosErrorShape()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/2010-04-01/Accounts/{SimulatorFixture.AccountSid}/Messages.json")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["To"] = TestNumbers.Delivered(), ["From"] = From }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{SimulatorFixture.AccountSid}:{SimulatorFixture.AuthToken}")));

        var response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(21602, error.RootElement.GetProperty("code").GetInt32());
        Assert.Equal(400, error.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("https://www.twilio.com/docs/errors/21602", error.RootElement.GetProperty("more_info").GetString());
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("message").GetString()));
    }
}
