using Microsoft.AspNetCore.Http.HttpResults;
using Notifications.Api.Auth;
using Notifications.Core.Messages;
using Npgsql;

namespace Notifications.Api.Messages;

/// <summary>
/// Confirmed receipt: the app says the recipient acted on a message (entered the code, followed the link). The confirmation
/// goes on the timeline at once and is reported to Twilio as Message Feedback by the worker (<c>MessageFeedbackJob</c>).
/// </summary>
public static class MessageConfirmationApi
{
    // One statement: the confirmation and its timeline entry, only the first time, only for a message handed to Twilio.
    private const string Confirm = """
        WITH c AS (
            UPDATE messages SET confirmed_at = $3, updated_at = $3
            WHERE id = $1 AND app_id = $2 AND provider_sid IS NOT NULL AND confirmed_at IS NULL
            RETURNING id, confirmed_at),
        e AS (
            INSERT INTO message_events (message_id, at, type, detail)
            SELECT id, confirmed_at, $4, 'the app confirmed the recipient acted on the message' FROM c)
        SELECT confirmed_at FROM c
        """;

    public static IEndpointRouteBuilder MapMessageConfirmationApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/messages/{id:guid}/confirm", ConfirmMessage)
            .RequireApiKey()
            .WithTags("Messages")
            .WithName("ConfirmMessage")
            .WithSummary("Record that the recipient acted on the message (confirmed receipt)")
            .WithDescription("For example the one-time code was entered. Adds 'confirmed' to the timeline and reports the confirmation "
                + "to Twilio (Message Feedback) shortly after; the channel-reliability report counts it. Repeating the call changes "
                + "nothing and answers the first confirmation time. 409 while the message has not been handed to Twilio.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return endpoints;
    }

    public static async Task<Results<Ok<MessageConfirmation>, ProblemHttpResult>> ConfirmMessage(
        Guid id, HttpContext http, NpgsqlDataSource dataSource, TimeProvider time, CancellationToken cancellationToken)
    {
        var app = http.User.Identity!.Name!;
        await using (var confirm = dataSource.CreateCommand(Confirm))
        {
            confirm.Parameters.Add(new() { Value = id });
            confirm.Parameters.Add(new() { Value = app });
            confirm.Parameters.Add(new() { Value = time.GetUtcNow() });
            confirm.Parameters.Add(new() { Value = MessageEventType.Confirmed });
            if (await confirm.ExecuteScalarAsync(cancellationToken) is DateTime confirmedNow)
            {
                return TypedResults.Ok(new MessageConfirmation(id, new DateTimeOffset(confirmedNow, TimeSpan.Zero)));
            }
        }

        await using var read = dataSource.CreateCommand("SELECT provider_sid, confirmed_at FROM messages WHERE id = $1 AND app_id = $2");
        read.Parameters.Add(new() { Value = id });
        read.Parameters.Add(new() { Value = app });
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"No message {id} for this app.");
        }

        return await reader.IsDBNullAsync(1, cancellationToken)
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not sent yet",
                detail: "The message has not been handed to Twilio, so there is nothing to confirm yet.")
            : TypedResults.Ok(new MessageConfirmation(id, await reader.GetFieldValueAsync<DateTimeOffset>(1, cancellationToken)));
    }
}

/// <summary>A message's confirmed receipt: when the app first confirmed it.</summary>
public sealed record MessageConfirmation(Guid Id, DateTimeOffset ConfirmedAt);
