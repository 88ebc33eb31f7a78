using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Notifications.Simulator.Inspection;

namespace Notifications.Simulator.Twilio;

/// <summary>
/// The parts of Twilio's REST API (2010-04-01) that the service uses: create, fetch and list messages, and the
/// Message Feedback resource (a confirmed receipt).
/// </summary>
public static class TwilioApi
{
    private const int MaxBodyLength = 1600;

    public static IEndpointRouteBuilder MapTwilioApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/2010-04-01/Accounts/{accountSid}")
            .AddEndpointFilter<TwilioBasicAuthFilter>()
            .WithTags("Twilio");

        group.MapPost("/Messages.json", CreateMessage).AddEndpointFilter<RejectedCreateRecorder>();
        group.MapGet("/Messages.json", ListMessages);
        group.MapGet("/Messages/{sid}.json", FetchMessage);
        group.MapPost("/Messages/{sid}/Feedback.json", CreateFeedback);
        return endpoints;
    }

    /// <summary>
    /// MessageFeedback: <c>Outcome</c> is <c>confirmed</c> (the default) or <c>unconfirmed</c>; 201 with the resource,
    /// 404 for a SID the account does not have, 400 (20001, invalid parameter) for any other outcome.
    /// </summary>
    private static async Task<IResult> CreateFeedback(string accountSid, string sid, HttpContext http, MessageStore store, TimeProvider time)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var outcome = NullIfEmpty(form["Outcome"]) ?? "confirmed";
        if (outcome is not ("confirmed" or "unconfirmed"))
        {
            return TwilioError.Create(400, 20001, $"Outcome must be 'confirmed' or 'unconfirmed', not '{outcome}'.").ToResult();
        }

        var message = store.Find(sid);
        if (message is null || message.AccountSid != accountSid)
        {
            return TwilioError.Create(404, 20404, $"The requested resource {http.Request.Path} was not found").ToResult();
        }

        message.RecordFeedback(outcome);
        var now = time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        return Results.Json(
            new TwilioMessageFeedbackResource(accountSid, sid, outcome, now, now, $"/2010-04-01/Accounts/{accountSid}/Messages/{sid}/Feedback.json"),
            TwilioJsonContext.Default.TwilioMessageFeedbackResource, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> CreateMessage(
        string accountSid,
        HttpContext http,
        MessageStore store,
        TwilioBehaviour behaviour,
        StatusCallbackDispatcher callbacks,
        TimeProvider time)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var to = form["To"].ToString();
        var from = NullIfEmpty(form["From"]);
        var messagingServiceSid = NullIfEmpty(form["MessagingServiceSid"]);
        var body = form["Body"].ToString();
        var statusCallback = NullIfEmpty(form["StatusCallback"]);
        var validityPeriod = int.TryParse(form["ValidityPeriod"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : (int?)null;

        if (to.Length == 0)
        {
            return TwilioError.Create(400, 21604, "A 'To' phone number is required.").ToResult();
        }

        if (from is null && messagingServiceSid is null)
        {
            return TwilioError.Create(400, 21603, "A 'From' phone number is required.").ToResult();
        }

        if (body.Length == 0 && form["MediaUrl"].Count == 0 && NullIfEmpty(form["ContentSid"]) is null)
        {
            return TwilioError.Create(400, 21602, "Message body is required.").ToResult();
        }

        if (body.Length > MaxBodyLength)
        {
            return TwilioError.Create(400, 21617, "The concatenated message body exceeds the 1600 character limit.").ToResult();
        }

        if (statusCallback is not null && !Uri.TryCreate(statusCallback, UriKind.Absolute, out _))
        {
            return TwilioError.Create(400, 21609, $"The StatusCallback URL {statusCallback} is not a valid URL.").ToResult();
        }

        if (Scenarios.CreateError(to) is { } magicNumberError)
        {
            return magicNumberError.ToResult();
        }

        var now = time.GetUtcNow();
        if (!behaviour.TryAdmitCreate(now))
        {
            return TwilioError.Create(429, 20429, "Too Many Requests").ToResult();
        }

        if (Random.Shared.NextDouble() < behaviour.Current.TooManyRequestsRate)
        {
            return TwilioError.Create(429, 20429, "Too Many Requests").ToResult();
        }

        if (Random.Shared.NextDouble() < behaviour.Current.ServerErrorRate)
        {
            return TwilioError.Create(503, 20503, "Service Unavailable").ToResult();
        }

        var fault = store.CountCreateAttempt(to) == 1 ? Scenarios.FirstAttemptFault(to) : FirstAttemptFault.None;
        switch (fault)
        {
            case FirstAttemptFault.TooManyRequests:
                return TwilioError.Create(429, 20429, "Too Many Requests").ToResult();
            case FirstAttemptFault.ServerError:
                return TwilioError.Create(500, 20500, "Internal Server Error").ToResult();
        }

        var message = new SimulatedMessage
        {
            Sid = "SM" + Guid.NewGuid().ToString("N"),
            AccountSid = accountSid,
            To = to,
            From = from ?? "+15005550006",
            MessagingServiceSid = messagingServiceSid,
            Body = body,
            NumSegments = SegmentCounter.Count(body),
            StatusCallback = statusCallback,
            ValidityPeriod = validityPeriod,
            DateCreated = now,
        };
        message.Transition(messagingServiceSid is not null && from is null ? "accepted" : "queued", null, now);
        store.Add(message);
        callbacks.Start(message);

        if (fault == FirstAttemptFault.DropAfterAccept || Random.Shared.NextDouble() < behaviour.Current.DroppedAnswerRate)
        {
            // The message exists and will be sent, but the client never learns its SID.
            http.Abort();
            return Results.Empty;
        }

        if (behaviour.Current.AnswerDelay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(behaviour.Current.AnswerDelay, time, http.RequestAborted);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                // The client left before the answer (it gave up or died): the message stays created.
                return Results.Empty;
            }
        }

        return Results.Json(TwilioMessageResource.Of(message), TwilioJsonContext.Default.TwilioMessageResource, statusCode: 201);
    }

    private static IResult FetchMessage(string accountSid, string sid, HttpContext http, MessageStore store, LookupCounter lookups)
    {
        lookups.Fetched();
        var message = store.Find(sid);
        return message is null || message.AccountSid != accountSid
            ? TwilioError.Create(404, 20404, $"The requested resource {http.Request.Path} was not found").ToResult()
            : Results.Json(TwilioMessageResource.Of(message), TwilioJsonContext.Default.TwilioMessageResource);
    }

    private static IResult ListMessages(string accountSid, HttpContext http, MessageStore store, LookupCounter lookups, IOptions<SimulatorOptions> options, TimeProvider time)
    {
        lookups.Listed();
        var listedBefore = time.GetUtcNow() - options.Value.Twilio.ListDelay;
        var query = http.Request.Query;
        var to = NullIfEmpty(query["To"]);
        var from = NullIfEmpty(query["From"]);
        if (!TryParseDateFilter(query, out var filter, out var badParameter))
        {
            return TwilioError.Create(400, 20001, $"Invalid value for {badParameter}").ToResult();
        }

        var pageSize = Math.Clamp(ParseInt(query["PageSize"], 50), 1, 1000);
        var page = Math.Max(ParseInt(query["Page"], 0), 0);

        var matching = store.NewestFirst(to)
            .Where(m => m.AccountSid == accountSid && m.DateCreated <= listedBefore && (from is null || m.From == from) && filter.Matches(m.DateSent ?? m.DateCreated))
            .Skip(page * pageSize)
            .Take(pageSize + 1)
            .ToList();
        var hasNext = matching.Count > pageSize;
        var messages = matching.Take(pageSize).Select(TwilioMessageResource.Of).ToList();

        var basePath = $"/2010-04-01/Accounts/{accountSid}/Messages.json";
        var filters = new Dictionary<string, string?>();
        foreach (var key in new[] { "To", "From", "DateSent", "DateSent<", "DateSent>" })
        {
            if (NullIfEmpty(query[key]) is { } value)
            {
                filters[key] = value;
            }
        }

        string PageUri(int number, bool withToken)
        {
            var parameters = new Dictionary<string, string?>(filters)
            {
                ["PageSize"] = pageSize.ToString(CultureInfo.InvariantCulture),
                ["Page"] = number.ToString(CultureInfo.InvariantCulture),
            };
            if (withToken)
            {
                parameters["PageToken"] = "PA" + (number * pageSize).ToString(CultureInfo.InvariantCulture);
            }

            return QueryHelpers.AddQueryString(basePath, parameters);
        }

        var start = page * pageSize;
        return Results.Json(
            new TwilioListResponse(
                End: messages.Count == 0 ? start : start + messages.Count - 1,
                FirstPageUri: PageUri(0, withToken: false),
                NextPageUri: hasNext ? PageUri(page + 1, withToken: true) : null,
                Page: page,
                PageSize: pageSize,
                PreviousPageUri: page > 0 ? PageUri(page - 1, withToken: true) : null,
                Start: start,
                Uri: PageUri(page, withToken: page > 0),
                Messages: messages),
            TwilioJsonContext.Default.TwilioListResponse);
    }

    private static bool TryParseDateFilter(IQueryCollection query, out DateSentFilter filter, out string? badParameter)
    {
        filter = new DateSentFilter(null, null);
        badParameter = null;
        foreach (var (key, mode) in new[] { ("DateSent", 0), ("DateSent>", 1), ("DateSent>=", 1), ("DateSent<", 2), ("DateSent<=", 2) })
        {
            if (NullIfEmpty(query[key]) is not { } raw)
            {
                continue;
            }

            if (!DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
            {
                badParameter = key;
                return false;
            }

            // A date alone covers the whole day (UTC), as Twilio's filters do.
            var dateOnly = raw.Length <= 10;
            filter = mode switch
            {
                0 when dateOnly => new DateSentFilter(value, value.AddDays(1).AddTicks(-1)),
                0 => new DateSentFilter(value, value),
                1 => filter with { From = value },
                _ => filter with { Until = dateOnly ? value.AddDays(1).AddTicks(-1) : value },
            };
        }

        return true;
    }

    private static int ParseInt(string? value, int fallback) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : fallback;

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrEmpty(value.ToString()) ? null : value.ToString();

    private sealed record DateSentFilter(DateTimeOffset? From, DateTimeOffset? Until)
    {
        public bool Matches(DateTimeOffset value) => (From is null || value >= From) && (Until is null || value <= Until);
    }

    /// <summary>Checks HTTP Basic credentials (account SID and auth token) and adds the configured latency.</summary>
    private sealed class TwilioBasicAuthFilter(IOptions<SimulatorOptions> options, TwilioBehaviour behaviour, TimeProvider time) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            if (behaviour.Current.AddedLatency > TimeSpan.Zero)
            {
                await Task.Delay(behaviour.Current.AddedLatency, time, http.RequestAborted);
            }

            var twilio = options.Value.Twilio;
            var pathAccount = http.Request.RouteValues["accountSid"] as string;
            if (!TryReadBasic(http.Request.Headers.Authorization.ToString(), out var user, out var password)
                || !string.Equals(user, twilio.AccountSid, StringComparison.Ordinal)
                || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(twilio.AuthToken))
                || !string.Equals(pathAccount, twilio.AccountSid, StringComparison.Ordinal))
            {
                http.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
                return TwilioError.Authenticate.ToResult();
            }

            return await next(context);
        }

        private static bool TryReadBasic(string header, out string user, out string password)
        {
            user = password = string.Empty;
            if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var separator = decoded.IndexOf(':', StringComparison.Ordinal);
                if (separator < 0)
                {
                    return false;
                }

                user = decoded[..separator];
                password = decoded[(separator + 1)..];
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }
}
