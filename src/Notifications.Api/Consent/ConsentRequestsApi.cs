using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notifications.Api.Auth;
using Notifications.Api.Http;
using Notifications.Api.Messages;
using Notifications.Api.OpenApi;
using Notifications.Core.Consent;
using Notifications.Core.Data;
using Notifications.Core.Messages;
using Notifications.Core.Programs;

namespace Notifications.Api.Consent;

/// <summary>
/// Double opt-in: a consent request sends the program's confirmation SMS through the outbox, and the person's
/// <c>YES</c> within <c>Consent:ConfirmationWindow</c> records the opt-in (<see cref="ConsentRequestConfirmer"/>).
/// </summary>
public static partial class ConsentRequestsApi
{
    private const string JsonContentType = "application/json";

    public static IEndpointRouteBuilder MapConsentRequestsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/consents/requests")
            .RequireApiKey()
            .WithRequestBodyLimit(RequestBodyLimits.Consents)
            .WithTags("Consent");

        group.MapPost("/", CreateRequest)
            .WithName("CreateConsentRequest")
            .WithSummary("Ask a number to confirm its consent by replying YES (double opt-in)")
            .WithDescription("Records the request in the app's program and sends the program's confirmation SMS through the outbox; a YES "
                + "from the number within Consent:ConfirmationWindow records the opt-in with the reply as evidence. While a request for the "
                + "same number, program and purpose is within its window the answer is that request again and no SMS is sent; a pending "
                + "request for another purpose is 409. The answer's Location is the request.")
            .WithRequestBody<CreateConsentRequest>(JsonContentType)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/{id:guid}", GetRequest)
            .WithName("GetConsentRequest")
            .WithSummary("The state of one consent request: pending, confirmed or expired")
            .WithDescription("Only requests of the calling app's program are visible; another program's request is 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    public static async Task<Results<Accepted<ConsentRequestAccepted>, ValidationProblem, ProblemHttpResult>> CreateRequest(
        HttpContext http, IOptions<JsonOptions> json, NotificationsDbContext db, ProgramCatalog programs, OutboxSignal signal,
        IOptions<ConsentRequestOptions> options, TimeProvider time, ILogger<ConsentRequest> logger, CancellationToken cancellationToken)
    {
        var (_, body, invalid, rejected) = await JsonRequestBody.ReadAsync<CreateConsentRequest>(
            http, json.Value.SerializerOptions, RequestBodyLimits.Consents, cancellationToken);
        if (rejected is not null)
        {
            return rejected;
        }

        if (invalid is not null)
        {
            return invalid;
        }

        if (body is not { } request)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A consent request object is required."] });
        }

        var validation = Validate(request, out var phone, out var country);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var app = http.User.Identity!.Name!;
        var program = programs.ProgramOf(app);
        var now = time.GetUtcNow();
        var text = ConsentRequestText.For(programs.Get(program), request.Purpose!);

        var strategy = db.Database.CreateExecutionStrategy();
        var outcome = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // One request at a time per program and number: concurrent calls wait here, then see the first one's request.
            await db.Database.ExecuteSqlAsync(
                $"SELECT pg_advisory_xact_lock(hashtextextended('consent-request' || E'\n' || {program} || E'\n' || {phone}, 0))", cancellationToken);
            var current = await db.ConsentRequests.AsNoTracking()
                .Where(r => r.Program == program && r.Phone == phone && r.ExpiresAt > now)
                .OrderByDescending(r => r.CreatedAt)
                .ToListAsync(cancellationToken);
            if (current.FirstOrDefault(r => r.Purpose == request.Purpose) is { } same)
            {
                return new CreateOutcome(same, Created: false, Conflict: null);
            }

            if (current.FirstOrDefault(r => r.Status == ConsentRequestStatus.Pending) is { } other)
            {
                return new CreateOutcome(null, Created: false, Conflict: other);
            }

            var id = Guid.CreateVersion7(now);
            var message = new Message
            {
                Id = Guid.CreateVersion7(now),
                AppId = app,
                Program = program,
                To = phone!,
                Country = country!,
                Body = text,
                Purpose = ConsentPurpose.Transactional,
                Status = MessageTransitions.To(MessageTrigger.Accept),
                Reference = $"consent-request:{id}",
                DueAt = now,
                CreatedAt = now,
                UpdatedAt = now,
                TraceParent = Activity.Current?.Id,
            };
            var created = new ConsentRequest
            {
                Id = id,
                Program = program,
                Phone = phone!,
                Purpose = request.Purpose!,
                Source = request.Source!,
                SourceUrl = request.SourceUrl,
                IpAddress = request.IpAddress,
                UserAgent = request.UserAgent,
                RequestedBy = app,
                ConfirmationMessageId = message.Id,
                ConfirmationText = text,
                CreatedAt = now,
                ExpiresAt = now + options.Value.ConfirmationWindow,
            };
            db.Messages.Add(message);
            db.ConsentRequests.Add(created);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new CreateOutcome(created, Created: true, Conflict: null);
        });

        if (outcome.Conflict is { } pending)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                detail: $"Consent request {pending.Id} for this number ({pending.Purpose}) is pending until {pending.ExpiresAt:O}; "
                    + "one confirmation SMS at a time per number and program.");
        }

        var answer = outcome.Request!;
        if (outcome.Created)
        {
            signal.Raise();
            LogCreated(logger, answer.Id, program, app);
        }
        else
        {
            LogReused(logger, answer.Id, program, app);
        }

        return TypedResults.Accepted($"/api/consents/requests/{answer.Id}", new ConsentRequestAccepted(answer.Id, answer.StatusAt(now)));
    }

    public static async Task<Results<Ok<ConsentRequestView>, ProblemHttpResult>> GetRequest(
        Guid id, HttpContext http, NotificationsDbContext db, ProgramCatalog programs, TimeProvider time, CancellationToken cancellationToken)
    {
        var program = programs.ProgramOf(http.User.Identity!.Name!);
        var request = await db.ConsentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.Program == program, cancellationToken);
        return request is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"No consent request {id} in this app's program.")
            : TypedResults.Ok(ConsentRequestView.Of(request, time.GetUtcNow()));
    }

    private static Validation Validate(CreateConsentRequest request, out string? phone, out string? country)
    {
        var validation = new Validation();
        phone = validation.Phone("phone", request.Phone, ConsentEvent.PhoneMaxLength, out country);
        if (country is { Length: > Message.CountryMaxLength })
        {
            // libphonenumber's "001": a global service number, in no country a sender can reach.
            validation.Add("phone", "Must be a number in a country or region, not a global service number.");
            phone = null;
        }

        if (!ConsentPurpose.IsValid(request.Purpose))
        {
            validation.Add("purpose", "Must be 'transactional' or 'marketing'.");
        }

        if (request.Source is null || !ConsentSource.OptInSources.Contains(request.Source))
        {
            validation.Add("source", $"Must be one of: {string.Join(", ", ConsentSource.OptInSources)}.");
        }

        if (validation.Text("sourceUrl", request.SourceUrl, ConsentEvent.SourceUrlMaxLength)
            && request.Source == ConsentSource.WebForm && !Uri.TryCreate(request.SourceUrl, UriKind.Absolute, out _))
        {
            validation.Add("sourceUrl", "The absolute URL of the form is required for web-form consent.");
        }

        if (validation.Text("ipAddress", request.IpAddress, ConsentEvent.IpAddressMaxLength)
            && request.IpAddress is not null && !IPAddress.TryParse(request.IpAddress, out _))
        {
            validation.Add("ipAddress", "Must be an IPv4 or IPv6 address.");
        }

        validation.Text("userAgent", request.UserAgent, ConsentEvent.UserAgentMaxLength);
        return validation;
    }

    [LoggerMessage(1, LogLevel.Information, "Consent request {RequestId} created in program {Program} for app {App}; confirmation SMS in the outbox")]
    private static partial void LogCreated(ILogger logger, Guid requestId, string program, string app);

    [LoggerMessage(2, LogLevel.Information, "Consent request {RequestId} of program {Program} is still within its window; app {App} gets it again, no SMS")]
    private static partial void LogReused(ILogger logger, Guid requestId, string program, string app);

    private sealed record CreateOutcome(ConsentRequest? Request, bool Created, ConsentRequest? Conflict);
}
