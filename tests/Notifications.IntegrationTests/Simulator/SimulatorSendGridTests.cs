using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Notifications.IntegrationTests.Simulator;

public sealed class SimulatorSendGridTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task MailSend_ThroughSdk_Accepted_AndEventsPostedSignedWithCustomArgs()
    {
        var to = $"person-{Guid.NewGuid():N}@example.com";
        var mail = MailHelper.CreateSingleEmail(new EmailAddress("notifications@example.com"), new EmailAddress(to), "Your code", "Code 123456", null);
        mail.AddCustomArg("message_id", "m-123");

        var response = await fixture.SendGrid.SendEmailAsync(mail);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var messageId = Assert.Single(response.Headers.GetValues("X-Message-Id"));
        var posts = await fixture.Receiver.WaitForAsync(r => r.Path == "/events" && r.Body.Contains(to, StringComparison.Ordinal), 2);

        var publicKey = (await fixture.Http.GetFromJsonAsync<JsonElement>("/simulator/sendgrid/public-key")).GetProperty("publicKey").GetString()!;
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKey), out _);

        var events = new List<JsonElement>();
        foreach (var post in posts)
        {
            var signature = Convert.FromBase64String(post.Headers["X-Twilio-Email-Event-Webhook-Signature"]);
            var signed = Encoding.UTF8.GetBytes(post.Headers["X-Twilio-Email-Event-Webhook-Timestamp"] + post.Body);
            Assert.True(ecdsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            Assert.False(ecdsa.VerifyData(Encoding.UTF8.GetBytes("0" + post.Body), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            events.AddRange(JsonDocument.Parse(post.Body).RootElement.EnumerateArray());
        }

        Assert.Equal(["processed", "delivered"], events.Select(e => e.GetProperty("event").GetString()));
        Assert.All(events, e =>
        {
            Assert.StartsWith(messageId, e.GetProperty("sg_message_id").GetString(), StringComparison.Ordinal);
            Assert.Equal("m-123", e.GetProperty("message_id").GetString());
            Assert.Equal(to, e.GetProperty("email").GetString());
        });
        Assert.Equal(2, events.Select(e => e.GetProperty("sg_event_id").GetString()).Distinct().Count());
    }

    [Theory]
    [InlineData("bounce", new[] { "processed", "bounce" })]
    [InlineData("drop", new[] { "dropped" })]
    [InlineData("defer", new[] { "processed", "deferred", "delivered" })]
    public async Task MailSend_ToScenarioAddress_PostsThatEventSequence(string prefix, string[] expected)
    {
        var to = $"{prefix}-{Guid.NewGuid():N}@example.com";
        var mail = MailHelper.CreateSingleEmail(new EmailAddress("notifications@example.com"), new EmailAddress(to), "s", "t", null);

        var response = await fixture.SendGrid.SendEmailAsync(mail);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var posts = await fixture.Receiver.WaitForAsync(r => r.Path == "/events" && r.Body.Contains(to, StringComparison.Ordinal), expected.Length);
        var events = posts.SelectMany(p => JsonDocument.Parse(p.Body).RootElement.EnumerateArray()).Select(e => e.GetProperty("event").GetString());
        Assert.Equal(expected, events);
    }

    [Fact]
    public async Task MailSend_WithoutContent_Is400NamingTheField()
    {
        var mail = new SendGridMessage { From = new EmailAddress("notifications@example.com"), Subject = "s" };
        mail.AddTo(new EmailAddress("someone@example.com"));

        var response = await fixture.SendGrid.SendEmailAsync(mail);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Body.ReadFromJsonAsync<JsonElement>();
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal("content", error.GetProperty("field").GetString());
    }

    [Fact]
    public async Task MailSend_WithWrongKey_Is401()
    {
        var client = new SendGridClient(new SendGridClientOptions { ApiKey = "SG.wrong", Host = fixture.Simulator.BaseUrl.ToString().TrimEnd('/') });
        var mail = MailHelper.CreateSingleEmail(new EmailAddress("notifications@example.com"), new EmailAddress("someone@example.com"), "s", "t", null);

        var response = await client.SendEmailAsync(mail);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
