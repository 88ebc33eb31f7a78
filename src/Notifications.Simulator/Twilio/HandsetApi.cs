using System.Globalization;
using Microsoft.Extensions.Options;
using Notifications.Simulator.Inspection;

namespace Notifications.Simulator.Twilio;

/// <summary>
/// A handset stand-in: <c>POST /simulator/inbound</c> with <c>from</c>, <c>to</c> and <c>body</c>
/// makes the simulator post a signed inbound-message webhook to the service, exactly as Twilio
/// would, and answers with the TwiML the service returned.
/// </summary>
public static class HandsetApi
{
    public const string HttpClientName = "twilio-inbound";

    public static IEndpointRouteBuilder MapHandsetApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/simulator/inbound", SendInbound).WithTags("Simulator");
        return endpoints;
    }

    private static async Task<IResult> SendInbound(
        HttpContext http,
        IHttpClientFactory httpClientFactory,
        IOptions<SimulatorOptions> options,
        RecentLog<InboundRecord> inbound,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var request = await InboundRequest.ReadAsync(http.Request, cancellationToken);
        if (request.Errors.Count > 0)
        {
            return Results.ValidationProblem(request.Errors);
        }

        var twilio = options.Value.Twilio;
        if (twilio.InboundWebhookUrl is null)
        {
            return Results.Problem(
                "Simulator:Twilio:InboundWebhookUrl is not configured: there is nowhere to post the inbound message.",
                statusCode: StatusCodes.Status409Conflict);
        }

        var sid = request.MessageSid ?? "SM" + Guid.NewGuid().ToString("N");
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", twilio.AccountSid),
            new("ApiVersion", TwilioMessageResource.ApiVersionValue),
            new("Body", request.Body),
            new("From", request.From),
            new("FromCountry", CountryOf(request.From)),
            new("MessageSid", sid),
            new("NumMedia", "0"),
            new("NumSegments", SegmentCounter.Count(request.Body).ToString(CultureInfo.InvariantCulture)),
            new("SmsMessageSid", sid),
            new("SmsSid", sid),
            new("SmsStatus", "received"),
            new("To", request.To),
            new("ToCountry", CountryOf(request.To)),
        };

        var url = twilio.InboundWebhookUrl.OriginalString;
        var token = request.IdempotencyToken ?? Guid.NewGuid().ToString();
        var client = httpClientFactory.CreateClient(HttpClientName);
        using var post = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(parameters) };
        post.Headers.TryAddWithoutValidation("X-Twilio-Signature", TwilioSignature.Compute(twilio.AuthToken, url, parameters));
        post.Headers.TryAddWithoutValidation("I-Twilio-Idempotency-Token", token);
        post.Headers.TryAddWithoutValidation("User-Agent", "TwilioProxy/1.1");

        var postedAt = time.GetUtcNow();
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(post, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            inbound.Add(new InboundRecord(sid, request.From, request.To, request.Body, postedAt, null, ex.Message));
            throw;
        }

        using var answered = response;
        var content = await response.Content.ReadAsStringAsync(cancellationToken);
        inbound.Add(new InboundRecord(sid, request.From, request.To, request.Body, postedAt, (int)response.StatusCode, content));
        http.Response.Headers["X-Simulator-Message-Sid"] = sid;
        http.Response.Headers["X-Simulator-Idempotency-Token"] = token;
        return Results.Content(content, response.Content.Headers.ContentType?.ToString() ?? "text/plain", statusCode: (int)response.StatusCode);
    }

    private static string CountryOf(string number) => number.StartsWith("+1", StringComparison.Ordinal) ? "US"
        : number.StartsWith("+44", StringComparison.Ordinal) ? "GB"
        : number.StartsWith("+91", StringComparison.Ordinal) ? "IN"
        : string.Empty;

    private sealed record InboundRequest(string From, string To, string Body, string? MessageSid, string? IdempotencyToken, Dictionary<string, string[]> Errors)
    {
        public static async Task<InboundRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
        {
            Dictionary<string, string?> values;
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(cancellationToken);
                values = form.ToDictionary(p => p.Key.ToLowerInvariant(), p => (string?)p.Value.ToString());
            }
            else
            {
                var json = await request.ReadFromJsonAsync(SimulatorJsonContext.Default.DictionaryStringString, cancellationToken) ?? [];
                values = json.ToDictionary(p => p.Key.ToLowerInvariant(), p => (string?)p.Value);
            }

            var errors = new Dictionary<string, string[]>();
            string Required(string name)
            {
                var value = values.GetValueOrDefault(name);
                if (string.IsNullOrWhiteSpace(value))
                {
                    errors[name] = [$"'{name}' is required."];
                }

                return value ?? string.Empty;
            }

            return new InboundRequest(Required("from"), Required("to"), Required("body"),
                values.GetValueOrDefault("messagesid"), values.GetValueOrDefault("idempotencytoken"), errors);
        }
    }
}
