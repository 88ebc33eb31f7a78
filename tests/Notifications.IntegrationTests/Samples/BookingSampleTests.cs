using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.IntegrationTests.Samples;

/// <summary>
/// The booking-reminder sample driven as a person and a text browser would (<see cref="BookingSampleFixture"/>):
/// the form posted, the bookings page read, the texts seen at the simulator.
/// </summary>
public sealed class BookingSampleTests(BookingSampleFixture stack) : IClassFixture<BookingSampleFixture>
{
    private const string TimeZone = "America/New_York";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Book_WithConsent_ConfirmationAtOnceAndReminderDeliveredADayBefore()
    {
        var phone = BookingSampleFixture.Number();
        using var browser = stack.Browser();
        var appointment = stack.Now.AddDays(2);

        var (status, url, html) = await browser.BookAsync("Ada Lovelace", phone, null, appointment, TimeZone, consent: true);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("/bookings", url.AbsolutePath);
        Assert.Contains("A confirmation text is on its way.", html, StringComparison.Ordinal);
        Assert.Contains("The reminder goes out on", html, StringComparison.Ordinal);
        var booking = BookingBrowser.BookedId(url);

        // The consent was recorded with the box's exact words and where it was ticked.
        using (var api = stack.ApiClient())
        {
            var consent = await api.GetFromJsonAsync<JsonElement>($"/api/consents/{Uri.EscapeDataString(phone)}");
            var evidence = Assert.Single(consent.GetProperty("events").EnumerateArray());
            Assert.Equal(WebUtility.HtmlDecode(ConsentText(await browser.FormAsync())), evidence.GetProperty("optInMessage").GetString());
            Assert.Contains("Msg & data rates may apply. Reply STOP to opt out, HELP for help.", evidence.GetProperty("optInMessage").GetString(), StringComparison.Ordinal);
            Assert.Equal("web-form", evidence.GetProperty("source").GetString());
            Assert.Equal(new Uri(stack.Sample.BaseUrl, "/").ToString(), evidence.GetProperty("sourceUrl").GetString());
            Assert.Equal("127.0.0.1", evidence.GetProperty("ipAddress").GetString());
            Assert.Equal(BookingBrowser.UserAgent, evidence.GetProperty("userAgent").GetString());
            Assert.Equal("booking", evidence.GetProperty("capturedBy").GetString());
        }

        // The confirmation at once; the reminder waits for its day.
        var confirmation = Assert.Single(await Eventually.UntilAsync(() => stack.SimulatorMessagesAsync(phone), m => m.Count >= 1, "the confirmation text", Patience));
        Assert.Contains("is booked", confirmation.GetProperty("body").GetString(), StringComparison.Ordinal);
        await Eventually.UntilAsync(
            browser.BookingsAsync,
            page => BookingBrowser.Status(page, booking, "confirmation") == "delivered" && BookingBrowser.Status(page, booking, "reminder") == "scheduled",
            "the bookings page to show the confirmation delivered and the reminder scheduled", Patience, TimeSpan.FromMilliseconds(500));
        Assert.Single(await stack.SimulatorMessagesAsync(phone));

        // A day later (every clock moved, nobody waits): the reminder goes out, a day before the appointment.
        await stack.SetOffsetAsync(stack.Offset + TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var texts = await Eventually.UntilAsync(() => stack.SimulatorMessagesAsync(phone), m => m.Count >= 2, "the reminder text", Patience);
        Assert.Equal(2, texts.Count);
        Assert.Single(texts, m => m.GetProperty("body").GetString()!.Contains("Reminder: your appointment is on", StringComparison.Ordinal));
        await Eventually.UntilAsync(
            browser.BookingsAsync,
            page => BookingBrowser.Status(page, booking, "reminder") == "delivered",
            "the bookings page to show the reminder delivered", Patience, TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task Book_LessThanADayAhead_ReminderSentAtOnceAndValidOnlyUntilTheAppointment()
    {
        var phone = BookingSampleFixture.Number();
        using var browser = stack.Browser();
        var appointment = stack.Now.AddHours(3);

        var (_, url, html) = await browser.BookAsync("Grace Hopper", phone, "grace@example.com", appointment, TimeZone, consent: true);

        Assert.Contains("less than a day away, so the reminder goes out now", html, StringComparison.Ordinal);
        var texts = await Eventually.UntilAsync(() => stack.SimulatorMessagesAsync(phone), m => m.Count >= 2, "the confirmation and the reminder", Patience);
        var reminder = Assert.Single(texts, m => m.GetProperty("body").GetString()!.Contains("Reminder", StringComparison.Ordinal));
        // validUntil is the appointment: Twilio is told to drop the reminder after it (the form keeps whole minutes).
        Assert.InRange(reminder.GetProperty("validityPeriod").GetInt32(), (int)TimeSpan.FromHours(3).Subtract(TimeSpan.FromMinutes(3)).TotalSeconds, (int)TimeSpan.FromHours(3).TotalSeconds);
        await Eventually.UntilAsync(
            browser.BookingsAsync,
            page => BookingBrowser.Status(page, BookingBrowser.BookedId(url), "reminder") == "delivered",
            "the bookings page to show the reminder delivered", Patience, TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task Book_ConsentBoxUnticked_BookedWithoutAnyText()
    {
        var phone = BookingSampleFixture.Number();
        using var browser = stack.Browser();

        var (status, url, html) = await browser.BookAsync("Alan Turing", phone, null, stack.Now.AddDays(2), TimeZone, consent: false);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("No text messages will be sent for this appointment: the consent box was not ticked.", html, StringComparison.Ordinal);
        Assert.Contains("no texts (no consent)", await browser.BookingsAsync(), StringComparison.Ordinal);
        Assert.Contains($"booking-{BookingBrowser.BookedId(url)}", html, StringComparison.Ordinal);
        using (var api = stack.ApiClient())
        {
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/consents/{Uri.EscapeDataString(phone)}")).StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Empty(await stack.SimulatorMessagesAsync(phone));
    }

    [Fact]
    public async Task Book_InvalidPhone_FormShowsTheApiErrorNextToThePhoneField()
    {
        using var browser = stack.Browser();

        var (status, url, html) = await browser.BookAsync("Bad Number", "+1 555", null, stack.Now.AddDays(2), TimeZone, consent: true);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("/", url.AbsolutePath);
        var error = System.Text.RegularExpressions.Regex.Match(html, "<span[^>]*id=\"phone-error\"[^>]*>([^<]*)</span>");
        Assert.True(error.Success, "no phone error element");
        Assert.StartsWith("Must be a valid phone number in international format", WebUtility.HtmlDecode(error.Groups[1].Value), StringComparison.Ordinal);
        Assert.DoesNotContain("Bad Number", await browser.BookingsAsync(), StringComparison.Ordinal);
    }

    private static string ConsentText(string formHtml) =>
        System.Text.RegularExpressions.Regex.Match(formHtml, "<span id=\"consent-text\">([^<]*)</span>").Groups[1].Value;
}
