using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Client.Consent;
using Notifications.Client.Http;
using Notifications.Client.Messages;
using Notifications.Client.Reports;

namespace Notifications.Client;

/// <summary>
/// The Notifications api for an app: send SMS (one or a batch), read a message, confirm receipt, record, read, revoke and
/// export consent, double opt-in requests, and the channel-reliability report.
/// </summary>
/// <remarks>
/// Register it with <see cref="NotificationsClientServiceCollectionExtensions.AddNotificationsClient"/> (or, in an Aspire app,
/// <c>builder.AddNotificationsClient("api")</c>): the <see cref="HttpClient"/> it is given then carries the API key, and retries
/// what is safe to retry (see <see cref="NotificationsClientOptions"/>). Every send carries an <c>Idempotency-Key</c>, the
/// caller's or a new one, the same on each of the client's retries, so that a retry never makes a second SMS. A refusal is
/// thrown as a <see cref="NotificationsApiException"/> (or one of its subclasses).
/// </remarks>
public class NotificationsClient
{
    /// <summary>The header that makes a send idempotent: <c>Idempotency-Key</c>.</summary>
    public const string IdempotencyKeyHeader = RetryPolicy.IdempotencyKeyHeader;

    private static readonly JsonElement NoProblem = JsonDocument.Parse("{}").RootElement.Clone();

    private readonly HttpClient _http;

    /// <summary>Creates the client over <paramref name="httpClient"/>, whose base address is the api's and which carries the API key.</summary>
    /// <param name="httpClient">The HTTP client (from <c>IHttpClientFactory</c> when registered through the extensions).</param>
    public NotificationsClient(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _http = httpClient;
    }

    /// <summary>A new idempotency key: 32 hexadecimal characters, unique for each logical send.</summary>
    /// <returns>The key.</returns>
    public static string NewIdempotencyKey() => Guid.NewGuid().ToString("N");

    /// <summary>Sends one SMS (<c>POST /api/messages</c>): it is checked and written to the outbox; the answer is <c>accepted</c>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="idempotencyKey">
    /// The send's key; null for a new one. Pass your own (for example derived from your booking id) to make repeats of the
    /// same logical send across processes or restarts harmless; the same key with another body is refused (422).
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The accepted message: its id, encoding and segments.</returns>
    /// <exception cref="NotificationsValidationException">The message is not valid (see its field errors).</exception>
    /// <exception cref="NotificationsRateLimitedException">Over the app's daily segment limit.</exception>
    /// <exception cref="NotificationsConflictException">A send with the same key is still being processed.</exception>
    public Task<AcceptedMessage> SendAsync(SendMessageRequest message, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendJsonAsync<AcceptedMessage>(ApiOperations.Send, null, message, idempotencyKey ?? NewIdempotencyKey(), cancellationToken);
    }

    /// <summary>
    /// Sends up to 1,000 SMS in one call (<c>POST /api/messages/batch</c>): each item is checked like a single message and
    /// the valid ones are accepted together. When every item is rejected the answer is still a <see cref="BatchResponse"/>
    /// (with <see cref="BatchResponse.Accepted"/> 0), not an exception.
    /// </summary>
    /// <param name="messages">The messages, 1 to 1,000.</param>
    /// <param name="idempotencyKey">The batch's key; null for a new one. It covers the whole batch.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many were accepted and rejected, and one result per item, in order.</returns>
    /// <exception cref="NotificationsValidationException">The batch itself is not valid (empty, or over 1,000 items).</exception>
    /// <exception cref="NotificationsRateLimitedException">The daily segment limit leaves no item to accept.</exception>
    public Task<BatchResponse> SendBatchAsync(IReadOnlyList<SendMessageRequest> messages, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return SendJsonAsync<BatchResponse>(ApiOperations.SendBatch, null, new SendBatchRequest(messages), idempotencyKey ?? NewIdempotencyKey(), cancellationToken);
    }

    /// <summary>Reads one of the app's messages (<c>GET /api/messages/{id}</c>): status, timeline, attempts and fallback.</summary>
    /// <param name="id">The message's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The message.</returns>
    /// <exception cref="NotificationsNotFoundException">No such message for this app.</exception>
    public Task<MessageView> GetMessageAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendJsonAsync<MessageView>(ApiOperations.GetMessage, id.ToString(), null, null, cancellationToken);

    /// <summary>
    /// Records that the recipient acted on the message, for example entered the code (<c>POST /api/messages/{id}/confirm</c>).
    /// Repeating it changes nothing and answers the first confirmation time.
    /// </summary>
    /// <param name="id">The message's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>When it was first confirmed.</returns>
    /// <exception cref="NotificationsNotFoundException">No such message for this app.</exception>
    /// <exception cref="NotificationsConflictException">The message has not been handed to Twilio yet.</exception>
    public Task<MessageConfirmation> ConfirmAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendJsonAsync<MessageConfirmation>(ApiOperations.Confirm, id.ToString(), null, null, cancellationToken);

    /// <summary>Records an opt-in with its evidence in the app's program (<c>POST /api/consents</c>).</summary>
    /// <param name="consent">The opt-in and its evidence.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number's consent state and history afterwards.</returns>
    /// <exception cref="NotificationsValidationException">The evidence is not valid (see its field errors).</exception>
    public Task<ConsentStateResponse> RecordConsentAsync(RecordConsentRequest consent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consent);
        return SendJsonAsync<ConsentStateResponse>(ApiOperations.RecordConsent, null, consent, null, cancellationToken);
    }

    /// <summary>Reads a number's consent in the app's program (<c>GET /api/consents/{phone}</c>).</summary>
    /// <param name="phone">The number, in E.164.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The state per purpose, the suppression and the whole history.</returns>
    /// <exception cref="NotificationsNotFoundException">The app's program holds nothing for the number.</exception>
    public Task<ConsentStateResponse> GetConsentAsync(string phone, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phone);
        return SendJsonAsync<ConsentStateResponse>(ApiOperations.GetConsent, phone, null, null, cancellationToken);
    }

    /// <summary>
    /// Records an opt-out made outside SMS (<c>POST /api/consents/{phone}/revoke</c>): one purpose, or every purpose (which
    /// also suppresses the number for the app's program, like STOP).
    /// </summary>
    /// <param name="phone">The number, in E.164.</param>
    /// <param name="revocation">The purpose and reason; null revokes every purpose.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number's consent state afterwards.</returns>
    public Task<ConsentStateResponse> RevokeConsentAsync(string phone, RevokeConsentRequest? revocation = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phone);
        return SendJsonAsync<ConsentStateResponse>(ApiOperations.RevokeConsent, phone, revocation, null, cancellationToken);
    }

    /// <summary>Exports a number's consent evidence, with its hash chain (<c>GET /api/consents/{phone}/export</c>, as JSON).</summary>
    /// <param name="phone">The number, in E.164.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The export; <see cref="ConsentEvidenceExport.Verified"/> says whether the chain was intact.</returns>
    /// <exception cref="NotificationsNotFoundException">The app's program holds nothing for the number.</exception>
    public Task<ConsentEvidenceExport> ExportConsentAsync(string phone, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phone);
        return SendJsonAsync<ConsentEvidenceExport>(ApiOperations.ExportConsent, phone, null, null, cancellationToken);
    }

    /// <summary>
    /// Asks a number to confirm its consent by replying YES (double opt-in, <c>POST /api/consents/requests</c>): the program's
    /// confirmation SMS goes out, and a YES within the confirmation window records the opt-in.
    /// </summary>
    /// <param name="request">The number, purpose and how the person asked.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request's id and <c>pending</c>.</returns>
    /// <exception cref="NotificationsConflictException">A request for another purpose is pending for the number.</exception>
    public Task<ConsentRequestAccepted> RequestConsentAsync(CreateConsentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendJsonAsync<ConsentRequestAccepted>(ApiOperations.RequestConsent, null, request, null, cancellationToken);
    }

    /// <summary>Reads a consent request (<c>GET /api/consents/requests/{id}</c>): <c>pending</c>, <c>confirmed</c> or <c>expired</c>.</summary>
    /// <param name="id">The request's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request.</returns>
    /// <exception cref="NotificationsNotFoundException">No such request in the app's program.</exception>
    public Task<ConsentRequestView> GetConsentRequestAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendJsonAsync<ConsentRequestView>(ApiOperations.GetConsentRequest, id.ToString(), null, null, cancellationToken);

    /// <summary>
    /// How reliable the SMS channel was for the app's messages created in [<paramref name="from"/>, <paramref name="to"/>)
    /// (<c>GET /api/reports/channel-reliability</c>; at most 366 days).
    /// </summary>
    /// <param name="from">The start of the period, inclusive.</param>
    /// <param name="to">The end of the period, exclusive.</param>
    /// <param name="groupBy">How to group the messages; by UTC day by default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The totals and one entry per group.</returns>
    public Task<ChannelReliabilityReport> GetReliabilityReportAsync(
        DateTimeOffset from, DateTimeOffset to, ReliabilityGrouping groupBy = ReliabilityGrouping.Day, CancellationToken cancellationToken = default)
    {
        var group = groupBy switch
        {
            ReliabilityGrouping.Day => "day",
            ReliabilityGrouping.Country => "country",
            ReliabilityGrouping.Sender => "sender",
            ReliabilityGrouping.ErrorCode => "errorCode",
            _ => throw new ArgumentOutOfRangeException(nameof(groupBy), groupBy, "Not a grouping of the report."),
        };
        var query = $"?from={Uri.EscapeDataString(from.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}"
            + $"&to={Uri.EscapeDataString(to.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}&groupBy={group}";
        return SendJsonAsync<ChannelReliabilityReport>(ApiOperations.GetReliabilityReport, null, null, null, cancellationToken, query);
    }

    private async Task<T> SendJsonAsync<T>(
        ApiOperation operation, string? parameter, object? body, string? idempotencyKey, CancellationToken cancellationToken, string query = "")
    {
        using var request = new HttpRequestMessage(operation.Method, new Uri(ApiOperations.PathOf(operation, parameter) + query, UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            // Serialised once: every retry of the request sends the same bytes, which the api's idempotency check hashes.
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), NotificationsJson.Options));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add(IdempotencyKeyHeader, idempotencyKey);
        }

        using var response = await SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode || IsBatchAnswer(operation, response))
        {
            return await response.Content.ReadFromJsonAsync<T>(NotificationsJson.Options, cancellationToken)
                ?? throw new NotificationsApiException(response.StatusCode, NoProblem);
        }

        throw await ProblemAsync(response, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Polly.Timeout.TimeoutRejectedException timeout)
        {
            throw new TimeoutException($"The Notifications api did not answer {operationName(request)} in time.", timeout);
        }

        static string operationName(HttpRequestMessage request) => $"{request.Method} {request.RequestUri?.OriginalString.Split('?')[0]}";
    }

    /// <summary>A batch whose every item was rejected is a 400 with the batch's answer (JSON, not a problem).</summary>
    private static bool IsBatchAnswer(ApiOperation operation, HttpResponseMessage response) =>
        operation == ApiOperations.SendBatch && response.StatusCode == HttpStatusCode.BadRequest
        && response.Content.Headers.ContentType?.MediaType == "application/json";

    /// <summary>The exception for a refusal: its problem document (when it has one) in the subclass of its status.</summary>
    internal static async Task<NotificationsApiException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var problem = NoProblem;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!string.IsNullOrWhiteSpace(text))
            {
                using var document = JsonDocument.Parse(text);
                problem = document.RootElement.Clone();
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page): the status alone says what happened.
        }

        var retryAfter = RetryPolicy.RetryAfter(response, TimeProvider.System.GetUtcNow());
        return response.StatusCode switch
        {
            HttpStatusCode.BadRequest => new NotificationsValidationException(problem),
            HttpStatusCode.Unauthorized => new NotificationsUnauthorizedException(problem),
            HttpStatusCode.Forbidden => new NotificationsForbiddenException(problem),
            HttpStatusCode.NotFound => new NotificationsNotFoundException(problem),
            HttpStatusCode.Conflict => new NotificationsConflictException(problem),
            HttpStatusCode.TooManyRequests => new NotificationsRateLimitedException(problem, retryAfter),
            _ => new NotificationsApiException(response.StatusCode, problem, retryAfter),
        };
    }
}
