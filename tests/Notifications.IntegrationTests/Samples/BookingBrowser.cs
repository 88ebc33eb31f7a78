using System.Net;
using System.Text.RegularExpressions;

namespace Notifications.IntegrationTests.Samples;

/// <summary>
/// What a text browser does with the sample: loads the form (and its antiforgery cookie and field), posts it as
/// <c>application/x-www-form-urlencoded</c>, follows the redirect, and reads the bookings page.
/// </summary>
public sealed partial class BookingBrowser(Uri baseUrl) : IDisposable
{
    public const string UserAgent = "BookingSampleTests/1.0 (text browser)";

    private readonly HttpClient _client = Create(baseUrl);

    /// <summary>The page the form post ended on (after the redirect when it booked) and its HTML.</summary>
    public async Task<(HttpStatusCode Status, Uri Url, string Html)> BookAsync(
        string name, string phone, string? email, DateTimeOffset appointment, string timeZone, bool consent)
    {
        var form = await _client.GetStringAsync(new Uri("/", UriKind.Relative));
        var token = AntiforgeryField().Match(form);
        Assert.True(token.Success, "the booking form has no antiforgery field");
        var local = TimeZoneInfo.ConvertTime(appointment, TimeZoneInfo.FindSystemTimeZoneById(timeZone));
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)),
            new("Form.Name", name),
            new("Form.Phone", phone),
            new("Form.Email", email ?? string.Empty),
            new("Form.AppointmentAt", local.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture)),
            new("Form.TimeZone", timeZone),
        };
        if (consent)
        {
            fields.Add(new("Form.SmsConsent", "true"));
        }

        // An unticked checkbox posts nothing; ASP.NET's hidden companion field posts false.
        fields.Add(new("Form.SmsConsent", "false"));
        using var content = new FormUrlEncodedContent(fields);
        using var response = await _client.PostAsync(new Uri("/", UriKind.Relative), content);
        return (response.StatusCode, response.RequestMessage!.RequestUri!, await response.Content.ReadAsStringAsync());
    }

    public Task<string> FormAsync() => _client.GetStringAsync(new Uri("/", UriKind.Relative));

    public Task<string> BookingsAsync() => _client.GetStringAsync(new Uri("/bookings", UriKind.Relative));

    /// <summary>The status the bookings page shows for one of a booking's texts (<c>confirmation</c> or <c>reminder</c>).</summary>
    public static string? Status(string bookingsHtml, Guid bookingId, string text)
    {
        var row = Regex.Match(bookingsHtml, $"<tr id=\"booking-{bookingId}\">(.*?)</tr>", RegexOptions.Singleline);
        if (!row.Success)
        {
            return null;
        }

        var cell = Regex.Match(row.Groups[1].Value, $"<td class=\"{text}\">\\s*<span class=\"status\"[^>]*>([^<]*)</span>", RegexOptions.Singleline);
        return cell.Success ? WebUtility.HtmlDecode(cell.Groups[1].Value) : null;
    }

    /// <summary>The id of the booking a post redirected to (<c>/bookings?booked=</c>).</summary>
    public static Guid BookedId(Uri url) =>
        Guid.Parse(System.Web.HttpUtility.ParseQueryString(url.Query)["booked"] ?? throw new InvalidOperationException($"{url} names no booking"));

    public void Dispose() => _client.Dispose();

    private static HttpClient Create(Uri baseUrl)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
