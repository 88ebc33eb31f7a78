using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using FromHeaderAttribute = Microsoft.AspNetCore.Mvc.FromHeaderAttribute;
using Microsoft.Extensions.Options;
using Notifications.Api.Auth;
using Notifications.Api.Http;
using Notifications.Api.OpenApi;
using Notifications.Core.Data;
using Notifications.Core.Messages;
using Notifications.Core.Programs;
using Notifications.Core.Sms;

namespace Notifications.Api.Messages;

/// <summary>Send SMS: one, or a batch of up to 1,000; read a message's status, timeline, attempts and fallback.</summary>
public static class MessagesApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxBatchSize = 1_000;
    private const string JsonContentType = "application/json";

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/messages")
            .RequireApiKey()
            .WithRequestBodyLimit(RequestBodyLimits.Messages)
            .WithTags("Messages");

        group.MapPost("/", SendMessage)
            .WithName("SendMessage")
            .WithSummary("Accept one SMS")
            .WithDescription("Checks the message and writes it to the outbox; the answer's Location is the message. "
                + "With an Idempotency-Key, a replay of the same body returns the first answer; the same key with another body is 422, "
                + "and 409 while the first request is still being processed. The answer gives the body's encoding (GSM-7 or UCS-2) "
                + "and segments, after Smart Encoding (smartEncoding, default Sms:SmartEncoding). Over the app's daily segment limit "
                + "(Apps:<app>:DailySegmentLimit) the answer is 429 with Retry-After (seconds to the next 00:00 UTC).")
            .WithRequestBody<SendMessageRequest>(JsonContentType)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/batch", SendBatch)
            .WithName("SendMessageBatch")
            .WithSummary("Accept up to 1,000 SMS, one result per item")
            .WithDescription("Each item is checked like a single message; the valid ones are accepted together. "
                + "The answer is 202 when at least one item was accepted, and 400 with the same body (every item rejected) otherwise. "
                + "Idempotency-Key works as for a single message. Items over the app's daily segment limit are rejected (the others "
                + "accepted); 429 with Retry-After when the limit leaves no item to accept.")
            .WithRequestBody<SendBatchRequest>(JsonContentType)
            .ProducesAlso<BatchResponse>(StatusCodes.Status400BadRequest, JsonContentType)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/{id:guid}", GetMessage)
            .WithName("GetMessage")
            .WithSummary("Status, timeline, attempts and fallback of one message")
            .WithDescription("Only the calling app's messages are visible; another app's message id is 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Results<StoredJsonResult<AcceptedMessage>, ValidationProblem, ProblemHttpResult>> SendMessage(
        HttpContext http, MessageAcceptor acceptor, ProgramCatalog programs, IOptions<JsonOptions> json, IOptions<SmsOptions> sms, TimeProvider time,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var (raw, request, invalid, rejected) = await JsonRequestBody.ReadAsync<SendMessageRequest>(
            http, json.Value.SerializerOptions, RequestBodyLimits.Messages, cancellationToken);
        if (rejected is not null)
        {
            return rejected;
        }

        if (invalid is not null)
        {
            return invalid;
        }

        var validation = new Validation();
        var app = AppId(http);
        var message = MessageValidator.Validate(request, app, programs.ProgramOf(app), time.GetUtcNow(), validation, sms.Value.SmartEncoding);
        if (!validation.IsValid || message is null)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        if (message.OverrideOptIn && !MissingScope.Granted(http, AppScopes.OptInOverride))
        {
            return MissingScope.Problem(AppScopes.OptInOverride);
        }

        System.Diagnostics.Activity.Current?.SetTag("notifications.message_id", message.Id.ToString());
        System.Diagnostics.Activity.Current?.SetTag("notifications.country", message.Country);
        var location = $"/api/messages/{message.Id}";
        var body = JsonSerializer.Serialize(
            new AcceptedMessage(message.Id, MessageStatus.Accepted, message.Encoding!, message.Segments!.Value), json.Value.SerializerOptions);
        var response = new StoredResponse(StatusCodes.Status202Accepted, body, location);
        return await AcceptAsync<AcceptedMessage>(http, acceptor, idempotencyKey, raw, [message], admitted => admitted.Count == 0 ? null : response, cancellationToken);
    }

    private static async Task<Results<StoredJsonResult<BatchResponse>, ValidationProblem, ProblemHttpResult>> SendBatch(
        HttpContext http, MessageAcceptor acceptor, ProgramCatalog programs, IOptions<JsonOptions> json, IOptions<SmsOptions> sms,
        IOptions<DailySegmentLimitOptions> limits, TimeProvider time,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var (raw, request, invalid, rejected) = await JsonRequestBody.ReadAsync<SendBatchRequest>(
            http, json.Value.SerializerOptions, RequestBodyLimits.Messages, cancellationToken);
        if (rejected is not null)
        {
            return rejected;
        }

        if (invalid is not null)
        {
            return invalid;
        }

        if (request?.Messages is not { Count: > 0 } items || items.Count > MaxBatchSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["messages"] = [$"Between 1 and {MaxBatchSize} messages are required."],
            });
        }

        if (items.Any(i => i?.OverrideOptIn == true) && !MissingScope.Granted(http, AppScopes.OptInOverride))
        {
            return MissingScope.Problem(AppScopes.OptInOverride);
        }

        var now = time.GetUtcNow();
        var app = AppId(http);
        var program = programs.ProgramOf(app);
        var valid = new List<(int Index, Message Message)>();
        var results = new BatchItemResult[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var validation = new Validation();
            var message = MessageValidator.Validate(items[i], app, program, now, validation, sms.Value.SmartEncoding);
            if (validation.IsValid && message is not null)
            {
                valid.Add((i, message));
            }
            else
            {
                results[i] = new BatchItemResult(i, null, "rejected", validation.Errors);
            }
        }

        // The answer is built once the acceptor knows which items the app's daily segment limit left room for.
        var limit = limits.Value.For(app);
        StoredResponse? Respond(IReadOnlyList<Message> admitted)
        {
            var taken = admitted.Select(m => m.Id).ToHashSet();
            if (taken.Count == 0 && valid.Count > 0 && limit is not null)
            {
                return null;
            }

            foreach (var (index, message) in valid)
            {
                results[index] = taken.Contains(message.Id)
                    ? new BatchItemResult(index, message.Id, MessageStatus.Accepted, null, message.Encoding, message.Segments)
                    : new BatchItemResult(index, null, "rejected", new Dictionary<string, string[]>
                    {
                        [$"messages[{index}]"] = [OverBudgetDetail(app, limit!.Value)],
                    }, message.Encoding, message.Segments);
            }

            var response = new BatchResponse(taken.Count, items.Count - taken.Count, results);
            var body = JsonSerializer.Serialize(response, json.Value.SerializerOptions);
            return new StoredResponse(taken.Count > 0 ? StatusCodes.Status202Accepted : StatusCodes.Status400BadRequest, body, null);
        }

        return await AcceptAsync<BatchResponse>(http, acceptor, idempotencyKey, raw, valid.ConvertAll(v => v.Message), Respond, cancellationToken);
    }

    private static async Task<Results<Ok<MessageView>, ProblemHttpResult>> GetMessage(Guid id, HttpContext http, NotificationsDbContext db, CancellationToken cancellationToken) =>
        await MessageViewQuery.FindAsync(db, id, AppId(http), cancellationToken) is { } message
            ? TypedResults.Ok(message)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"No message {id} for this app.");

    private static async Task<Results<StoredJsonResult<TBody>, ValidationProblem, ProblemHttpResult>> AcceptAsync<TBody>(
        HttpContext http, MessageAcceptor acceptor, string? idempotencyKey, byte[] raw, IReadOnlyList<Message> messages,
        Func<IReadOnlyList<Message>, StoredResponse?> respond, CancellationToken cancellationToken)
    {
        var key = idempotencyKey ?? string.Empty;
        if (key.Length > IdempotencyRecord.KeyMaxLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [IdempotencyKeyHeader] = [$"Must be at most {IdempotencyRecord.KeyMaxLength} characters."],
            });
        }

        var idempotency = key.Length == 0 ? null : new IdempotencyRequest(key, RequestHash(http.Request, raw));
        var app = AppId(http);
        var limit = http.RequestServices.GetRequiredService<IOptions<DailySegmentLimitOptions>>().Value.For(app);
        var outcome = await acceptor.SubmitAsync(new AcceptRequest(app, idempotency, messages, respond, limit), cancellationToken);
        if (outcome.Kind == "over_budget")
        {
            // The budget is per UTC day: it frees at the next 00:00 UTC.
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            var retryAfter = (long)Math.Ceiling((now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime).TotalSeconds);
            http.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Daily segment limit reached",
                detail: OverBudgetDetail(app, limit!.Value));
        }

        return outcome.Kind switch
        {
            "in_flight" => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                detail: "A request with this Idempotency-Key is still being processed; retry shortly."),
            "key_reused" => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused",
                detail: "This Idempotency-Key was used with a different request body."),
            "replay" => new StoredJsonResult<TBody>(outcome.Previous!.ResponseStatus, outcome.Previous.ResponseBody, outcome.Previous.ResponseLocation),
            _ => new StoredJsonResult<TBody>(outcome.Response!.Status, outcome.Response.Body, outcome.Response.Location),
        };
    }

    private static string OverBudgetDetail(string app, long limit) =>
        $"Over this app's daily segment limit ({DailySegmentLimitOptions.KeyOf(app)} = {limit} segments per UTC day); it resets at 00:00 UTC.";

    private static string RequestHash(HttpRequest request, byte[] raw)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        hash.AppendData(raw);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static string AppId(HttpContext http) => http.User.Identity!.Name!;
}
