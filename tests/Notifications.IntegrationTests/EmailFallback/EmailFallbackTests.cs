using System.Net;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.EmailFallback;

/// <summary>
/// The email fallback respects the person: SendGrid unsubscribes and spam reports withhold later fallback emails to
/// the address (per program), a resubscribe lifts that (when it is the newer), a carrier's "blocked by recipient"
/// starts no fallback, and a marketing message's email needs marketing email consent. Real processes, signed events.
/// </summary>
[Collection(EmailFallbackDefinition.Name)]
public sealed class EmailFallbackTests(EmailFallbackProcesses stack)
{
    [Fact]
    public async Task Unsubscribe_NextFallbackToThatAddress_IsNotSent_FailedWithEmailUnsubscribed()
    {
        var email = Address("unsub");
        var first = await stack.SentFallbackAsync(email);

        Assert.Equal(HttpStatusCode.OK, await stack.PostEventsAsync(EmailFallbackProcesses.Event("unsubscribe", email, DateTimeOffset.UtcNow, first)));

        var second = await stack.WaitForFallbackSettledAsync(await stack.SendAsync(EmailFallbackProcesses.RefusedSms(email)));
        Assert.Equal("failed", EmailFallbackProcesses.FallbackStatus(second));
        Assert.Equal("email_unsubscribed", EmailFallbackProcesses.FallbackReason(second));
        Assert.Contains(Timeline(second), e => e.Type == "fallback_failed" && e.Detail.Contains("email_unsubscribed", StringComparison.Ordinal));
        Assert.Single(await stack.SimulatorEmailsAsync(email));
    }

    [Fact]
    public async Task SpamReport_NextFallbackToThatAddress_IsNotSent_FailedWithEmailSpamReported()
    {
        var email = Address("spam");
        var first = await stack.SentFallbackAsync(email);

        Assert.Equal(HttpStatusCode.OK, await stack.PostEventsAsync(EmailFallbackProcesses.Event("spamreport", email, DateTimeOffset.UtcNow, first)));

        var second = await stack.WaitForFallbackSettledAsync(await stack.SendAsync(EmailFallbackProcesses.RefusedSms(email)));
        Assert.Equal("failed", EmailFallbackProcesses.FallbackStatus(second));
        Assert.Equal("email_spam_reported", EmailFallbackProcesses.FallbackReason(second));
        Assert.Single(await stack.SimulatorEmailsAsync(email));
    }

    [Fact]
    public async Task GroupResubscribe_NewerThanTheUnsubscribe_LiftsIt()
    {
        var email = Address("resub");
        var first = await stack.SentFallbackAsync(email);
        var now = DateTimeOffset.UtcNow;
        await stack.PostEventsAsync(EmailFallbackProcesses.Event("group_unsubscribe", email, now.AddMinutes(-1), first));
        var withheld = await stack.WaitForFallbackSettledAsync(await stack.SendAsync(EmailFallbackProcesses.RefusedSms(email)));
        Assert.Equal("email_unsubscribed", EmailFallbackProcesses.FallbackReason(withheld));

        Assert.Equal(HttpStatusCode.OK, await stack.PostEventsAsync(EmailFallbackProcesses.Event("group_resubscribe", email, now, first)));

        await stack.SentFallbackAsync(email);
        Assert.Equal(2, (await stack.SimulatorEmailsAsync(email)).Count);
    }

    [Fact]
    public async Task GroupResubscribe_OlderThanTheUnsubscribe_ArrivingAfterIt_DoesNotLiftIt_AndDuplicatesChangeNothing()
    {
        var email = Address("late-resub");
        var first = await stack.SentFallbackAsync(email);
        var now = DateTimeOffset.UtcNow;
        var unsubscribe = EmailFallbackProcesses.Event("group_unsubscribe", email, now, first);
        var olderResubscribe = EmailFallbackProcesses.Event("group_resubscribe", email, now.AddMinutes(-5), first);

        Assert.Equal(HttpStatusCode.OK, await stack.PostEventsAsync(unsubscribe));
        Assert.Equal(HttpStatusCode.OK, await stack.PostEventsAsync(olderResubscribe, unsubscribe));
        Assert.Equal(HttpStatusCode.OK, await stack.PostEventsAsync(olderResubscribe));

        var second = await stack.WaitForFallbackSettledAsync(await stack.SendAsync(EmailFallbackProcesses.RefusedSms(email)));
        Assert.Equal("failed", EmailFallbackProcesses.FallbackStatus(second));
        Assert.Equal("email_unsubscribed", EmailFallbackProcesses.FallbackReason(second));
        Assert.Single(await stack.SimulatorEmailsAsync(email));
    }

    [Fact]
    public async Task Unsubscribe_IsPerProgram_AnotherProgramsFallbackToTheSameAddressStillGoes()
    {
        var email = Address("per-program");
        var first = await stack.SentFallbackAsync(email);
        await stack.PostEventsAsync(EmailFallbackProcesses.Event("unsubscribe", email, DateTimeOffset.UtcNow, first));

        using var clinic = stack.ClinicClient();
        await stack.SentFallbackAsync(email, clinic);

        var withheld = await stack.WaitForFallbackSettledAsync(await stack.SendAsync(EmailFallbackProcesses.RefusedSms(email)));
        Assert.Equal("email_unsubscribed", EmailFallbackProcesses.FallbackReason(withheld));
        Assert.Equal(2, (await stack.SimulatorEmailsAsync(email)).Count);
    }

    [Fact]
    public async Task Unsubscribe_WithoutCustomArgs_IsTracedBySendGridMessageId_ToItsProgram()
    {
        var email = Address("by-sg-id");
        var first = await stack.MessageAsync(await stack.SentFallbackAsync(email));
        var providerId = first.GetProperty("fallback").GetProperty("providerMessageId").GetString()!;

        await stack.PostEventsAsync(EmailFallbackProcesses.Event("unsubscribe", email, DateTimeOffset.UtcNow, messageId: null, sgMessageId: $"{providerId}.filterdrecv-1-0"));

        using var clinic = stack.ClinicClient();
        await stack.SentFallbackAsync(email, clinic);
        var withheld = await stack.WaitForFallbackSettledAsync(await stack.SendAsync(EmailFallbackProcesses.RefusedSms(email)));
        Assert.Equal("email_unsubscribed", EmailFallbackProcesses.FallbackReason(withheld));
    }

    [Fact]
    public async Task Unsubscribe_MatchingNoMessage_SuppressesTheAddressForEveryProgram()
    {
        var email = Address("unmatched");
        await stack.PostEventsAsync(EmailFallbackProcesses.Event("unsubscribe", email, DateTimeOffset.UtcNow));

        using var clinic = stack.ClinicClient();
        var fromClinic = await stack.WaitForFallbackSettledAsync(await stack.SendAsync(EmailFallbackProcesses.RefusedSms(email), clinic), clinic);
        var fromDefault = await stack.WaitForFallbackSettledAsync(await stack.SendAsync(EmailFallbackProcesses.RefusedSms(email)));

        Assert.Equal("email_unsubscribed", EmailFallbackProcesses.FallbackReason(fromClinic));
        Assert.Equal("email_unsubscribed", EmailFallbackProcesses.FallbackReason(fromDefault));
        Assert.Empty(await stack.SimulatorEmailsAsync(email));
    }

    [Fact]
    public async Task BlockedByRecipient30004_StartsNoFallbackEmail()
    {
        var blockedEmail = Address("blocked");
        var controlEmail = Address("control");
        var blocked = await stack.SendAsync(new { to = TestNumbers.Scenario("3004"), body = "Your code is 123456", fallbackEmail = blockedEmail, overrideOptIn = true });
        var control = await stack.SendAsync(new { to = TestNumbers.Scenario("3006"), body = "Your code is 123456", fallbackEmail = controlEmail, overrideOptIn = true });

        // The 30006 sent the same moment has had its fallback email: the 30004's would have gone by now too.
        Assert.Equal("sent", EmailFallbackProcesses.FallbackStatus(await stack.WaitForFallbackSettledAsync(control)));
        var message = await Eventually.UntilAsync(
            () => stack.MessageAsync(blocked), m => m.GetProperty("status").GetString() == "undelivered", "the 30004 reported", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250));
        await Task.Delay(TimeSpan.FromSeconds(3));

        message = await stack.MessageAsync(blocked);
        Assert.True(!message.TryGetProperty("fallback", out var fallback) || fallback.ValueKind == JsonValueKind.Null, $"no fallback: {message}");
        Assert.Empty(await stack.SimulatorEmailsAsync(blockedEmail));
        Assert.Single(await stack.SimulatorEmailsAsync(controlEmail));
    }

    [Fact]
    public async Task Marketing_WithEmailConsentForTheAddress_IsSent_ForAnotherAddressOrWithoutOne_IsNot()
    {
        var phone = TestNumbers.Scenario("3006");
        var consented = Address("mkt-consented");
        var other = Address("mkt-other");
        Assert.Equal(HttpStatusCode.Created, (await stack.MarketingOptInAsync(phone, consented.ToUpperInvariant())).StatusCode);

        // A landline (30006) is suppressed for good once Twilio says so: the second send goes to another one.
        var secondPhone = TestNumbers.Scenario("3006");
        Assert.Equal(HttpStatusCode.Created, (await stack.MarketingOptInAsync(secondPhone, consented)).StatusCode);

        var sent = await stack.WaitForFallbackSettledAsync(await stack.SendAsync(Marketing(phone, consented)));
        var notConsented = await stack.WaitForFallbackSettledAsync(await stack.SendAsync(Marketing(secondPhone, other)));

        Assert.Equal("sent", EmailFallbackProcesses.FallbackStatus(sent));
        Assert.Equal("failed", EmailFallbackProcesses.FallbackStatus(notConsented));
        Assert.Equal("no_email_consent", EmailFallbackProcesses.FallbackReason(notConsented));
        Assert.Single(await stack.SimulatorEmailsAsync(consented));
        Assert.Empty(await stack.SimulatorEmailsAsync(other));

        // Marketing SMS consent without an address holds no email consent.
        var smsOnly = TestNumbers.Scenario("3006");
        var smsOnlyEmail = Address("mkt-sms-only");
        Assert.Equal(HttpStatusCode.Created, (await stack.MarketingOptInAsync(smsOnly, null)).StatusCode);
        var withheld = await stack.WaitForFallbackSettledAsync(await stack.SendAsync(Marketing(smsOnly, smsOnlyEmail)));
        Assert.Equal("no_email_consent", EmailFallbackProcesses.FallbackReason(withheld));
        Assert.Empty(await stack.SimulatorEmailsAsync(smsOnlyEmail));
    }

    [Fact]
    public async Task Transactional_WithoutAnyEmailConsent_IsSentAsBefore()
    {
        var email = Address("transactional");

        await stack.SentFallbackAsync(email);

        Assert.Single(await stack.SimulatorEmailsAsync(email));
    }

    private static object Marketing(string phone, string email) =>
        new { to = phone, body = "20% off this weekend", purpose = "marketing", fallbackEmail = email, emailSubject = "This weekend" };

    private static string Address(string what) => $"{what}-{Guid.NewGuid():N}@example.com";

    private static List<(string Type, string Detail)> Timeline(JsonElement message) =>
        message.GetProperty("timeline").EnumerateArray()
            .Select(e => (e.GetProperty("type").GetString() ?? "", e.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : ""))
            .ToList();
}
