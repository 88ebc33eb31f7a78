using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using FromHeaderAttribute = Microsoft.AspNetCore.Mvc.FromHeaderAttribute;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notifications.Api.Auth;
using Notifications.Api.Http;
using Notifications.Api.OpenApi;
using Notifications.Core.Data;
using Notifications.Core.Messages;
using Notifications.Core.Programs;

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
                + "and 409 while the first request is still being processed.")
            .WithRequestBody<SendMessageRequest>(JsonContentType)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/batch", SendBatch)
            .WithName("SendMessageBatch")
            .WithSummary("Accept up to 1,000 SMS, one result per item")
            .WithDescription("Each item is checked like a single message; the valid ones are accepted together. "
                + "The answer is 202 when at least one item was accepted, and 400 with the same body (every item rejected) otherwise. "
                + "Idempotency-Key works as for a single message.")
            .WithRequestBody<SendBatchRequest>(JsonContentType)
            .ProducesAlso<BatchResponse>(StatusCodes.Status400BadRequest, JsonContentType)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id:guid}", GetMessage)
            .WithName("GetMessage")
            .WithSummary("Status, timeline, attempts and fallback of one message")
            .WithDescription("Only the calling app's messages are visible; another app's message id is 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Results<StoredJsonResult<AcceptedMessage>, ValidationProblem, ProblemHttpResult>> SendMessage(
        HttpContext http, MessageAcceptor acceptor, ProgramCatalog programs, IOptions<JsonOptions> json, TimeProvider time,
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
        var message = MessageValidator.Validate(request, app, programs.ProgramOf(app), time.GetUtcNow(), validation);
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
        var body = JsonSerializer.Serialize(new AcceptedMessage(message.Id, MessageStatus.Accepted), json.Value.SerializerOptions);
        return await AcceptAsync<AcceptedMessage>(
            http, acceptor, idempotencyKey, raw, [message], new StoredResponse(StatusCodes.Status202Accepted, body, location), cancellationToken);
    }

    private static async Task<Results<StoredJsonResult<BatchResponse>, ValidationProblem, ProblemHttpResult>> SendBatch(
        HttpContext http, MessageAcceptor acceptor, ProgramCatalog programs, IOptions<JsonOptions> json, TimeProvider time,
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
        var accepted = new List<Message>();
        var results = new List<BatchItemResult>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var validation = new Validation();
            var message = MessageValidator.Validate(items[i], app, program, now, validation);
            if (validation.IsValid && message is not null)
            {
                accepted.Add(message);
                results.Add(new BatchItemResult(i, message.Id, MessageStatus.Accepted, null));
            }
            else
            {
                results.Add(new BatchItemResult(i, null, "rejected", validation.Errors));
            }
        }

        var response = new BatchResponse(accepted.Count, items.Count - accepted.Count, results);
        var body = JsonSerializer.Serialize(response, json.Value.SerializerOptions);
        var status = accepted.Count > 0 ? StatusCodes.Status202Accepted : StatusCodes.Status400BadRequest;
        return await AcceptAsync<BatchResponse>(http, acceptor, idempotencyKey, raw, accepted, new StoredResponse(status, body, null), cancellationToken);
    }

    private static async Task<Results<Ok<MessageView>, ProblemHttpResult>> GetMessage(Guid id, HttpContext http, NotificationsDbContext db, CancellationToken cancellationToken)
    {
        var app = AppId(http);

        // One snapshot for the three reads, so the status and the timeline never disagree when a callback commits in between.
        await using var snapshot = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && m.AppId == app, cancellationToken);
        if (message is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"No message {id} for this app.");
        }

        var attempts = await db.MessageAttempts.AsNoTracking().Where(a => a.MessageId == id).OrderBy(a => a.Number)
            .Select(a => new AttemptView(a.Number, a.StartedAt, a.FinishedAt, a.Sender, a.ProviderSid, a.Outcome, a.ErrorCode))
            .ToListAsync(cancellationToken);
        // Acceptance is the message row itself; every later step is a stored event (a sendAt in the future, a closed
        // send window and a reached frequency cap each leave a "scheduled" entry saying why and until when).
        List<TimelineEntry> timeline =
        [
            new(message.CreatedAt, MessageEventType.Accepted, MessageStatus.Accepted, null, null),
            .. await db.MessageEvents.AsNoTracking().Where(e => e.MessageId == id).OrderBy(e => e.At).ThenBy(e => e.Id)
                .Select(e => new TimelineEntry(e.At, e.Type, e.Status, e.ErrorCode, e.Detail))
                .ToListAsync(cancellationToken),
        ];
        var fallback = message.FallbackStatus is null || message.FallbackEmail is null
            ? null
            : new FallbackView(message.FallbackStatus, message.FallbackReason, message.FallbackEmail, message.FallbackProviderId,
                message.FallbackRequestedAt, message.FallbackUpdatedAt);

        return TypedResults.Ok(new MessageView(
            message.Id, message.Status, message.To, message.Country, message.Purpose, message.Reference, message.OverrideOptIn,
            message.CreatedAt, message.DueAt, message.UpdatedAt, message.Sender, message.SenderKind, message.ProviderSid,
            message.ErrorCode, attempts, timeline, fallback));
    }

    private static async Task<Results<StoredJsonResult<TBody>, ValidationProblem, ProblemHttpResult>> AcceptAsync<TBody>(
        HttpContext http, MessageAcceptor acceptor, string? idempotencyKey, byte[] raw, IReadOnlyList<Message> messages, StoredResponse response,
        CancellationToken cancellationToken)
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
        var outcome = await acceptor.SubmitAsync(new AcceptRequest(AppId(http), idempotency, messages, response), cancellationToken);
        return outcome.Kind switch
        {
            "in_flight" => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                detail: "A request with this Idempotency-Key is still being processed; retry shortly."),
            "key_reused" => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused",
                detail: "This Idempotency-Key was used with a different request body."),
            "replay" => new StoredJsonResult<TBody>(outcome.Previous!.ResponseStatus, outcome.Previous.ResponseBody, outcome.Previous.ResponseLocation),
            _ => new StoredJsonResult<TBody>(response.Status, response.Body, response.Location),
        };
    }

    private static string RequestHash(HttpRequest request, byte[] raw)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        hash.AppendData(raw);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static string AppId(HttpContext http) => http.User.Identity!.Name!;
}
