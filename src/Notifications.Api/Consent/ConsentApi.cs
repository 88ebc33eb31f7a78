using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notifications.Api.Auth;
using Notifications.Api.Http;
using Notifications.Api.OpenApi;
using Notifications.Core.Consent;
using Notifications.Core.Data;
using Notifications.Core.Programs;
using Notifications.Core.Suppression;

namespace Notifications.Api.Consent;

/// <summary>
/// Consent evidence: record opt-ins, read the state and history, revoke, export; each for the calling app's program only
/// (<c>Apps:&lt;app&gt;:Program</c>), so that one seller never reads or changes another's consent.
/// </summary>
public static class ConsentApi
{
    private const string JsonContentType = "application/json";

    public static IEndpointRouteBuilder MapConsentApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/consents")
            .RequireApiKey()
            .WithRequestBodyLimit(RequestBodyLimits.Consents)
            .WithTags("Consent");

        group.MapPost("/", RecordConsent)
            .WithName("RecordConsent")
            .WithSummary("Record an opt-in with its evidence")
            .WithDescription("Appends an opt-in to the number's evidence history: source (web-form, keyword, paper, ivr, api), the exact text "
                + "shown or sent, when it was captured, and for web forms the URL, IP address and user agent. The phone is normalised to E.164; "
                + "the answer's Location is the number's consent. For purpose marketing, the optional email is the address the person agreed to "
                + "receive marketing email at: a marketing message's fallback email goes only to such an address.")
            .WithRequestBody<RecordConsentRequest>(JsonContentType)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/{phone}", GetConsent)
            .WithName("GetConsent")
            .WithSummary("Current consent per purpose and the whole evidence history")
            .WithDescription("The state per purpose (transactional, marketing), whether the number is suppressed, and every consent event in order, "
                + "in the calling app's program: a number with nothing there is 404, whatever other programs hold.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{phone}/revoke", RevokeConsent)
            .WithName("RevokeConsent")
            .WithSummary("Record an opt-out made outside SMS")
            .WithDescription("Revokes one purpose, or every purpose when none is given, in the calling app's program; revoking every purpose also "
                + "suppresses the number for that program, like STOP.")
            .WithRequestBody<RevokeConsentRequest>(JsonContentType, "Optional: the purpose to revoke and a reason.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/{phone}/export", ExportEvidence)
            .WithName("ExportConsentEvidence")
            .WithSummary("The evidence export of one number")
            .WithDescription("Everything held about the number's consent, with its inbound messages, as a JSON attachment. Each event carries "
                + "its hash and the previous event's hash; verified says whether the chain was intact when the export was made. "
                + "With Accept: text/html, the same evidence as one self-contained page to read or print. 404 when the calling app's program "
                + "holds nothing for the number.")
            .ProducesAlso<string>(StatusCodes.Status200OK, ConsentEvidenceHtml.MediaType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    public static async Task<Results<Created<ConsentStateResponse>, ValidationProblem, ProblemHttpResult>> RecordConsent(
        HttpContext http, IOptions<JsonOptions> json, NotificationsDbContext db, ConsentLedger ledger,
        SuppressionList suppressions, ProgramCatalog programs, TimeProvider time, CancellationToken cancellationToken)
    {
        var (_, body, invalid, rejected) = await JsonRequestBody.ReadAsync<RecordConsentRequest>(
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
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["A consent object is required."] });
        }

        var validation = new Validation();
        var phone = validation.Phone("phone", request.Phone, ConsentEvent.PhoneMaxLength);
        if (!ConsentPurpose.IsValid(request.Purpose))
        {
            validation.Add("purpose", "Must be 'transactional' or 'marketing'.");
        }

        if (request.Source is null || !ConsentSource.OptInSources.Contains(request.Source))
        {
            validation.Add("source", $"Must be one of: {string.Join(", ", ConsentSource.OptInSources)}.");
        }

        if (string.IsNullOrWhiteSpace(request.OptInMessage))
        {
            validation.Add("optInMessage", "The exact opt-in text shown or sent to the person is required.");
        }
        else
        {
            validation.Text("optInMessage", request.OptInMessage, ConsentEvent.OptInMessageMaxLength);
        }

        if (request.CapturedAt is null)
        {
            validation.Add("capturedAt", "When consent was given is required (ISO 8601 with offset).");
        }
        else if (ConsentLedger.CaptureTimeProblem(request.CapturedAt.Value, time.GetUtcNow()) is { } capturedAtProblem)
        {
            validation.Add("capturedAt", capturedAtProblem);
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
        ConsentEmail.Validate(request, validation);
        ConsentTimeZones.Validate(request.TimeZone, validation);

        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        await ledger.AddOptInAsync(new OptInEvidence(
            phone!, request.Purpose!, request.Source!, request.SourceUrl, request.OptInMessage!, request.CapturedAt!.Value,
            request.IpAddress, request.UserAgent, http.User.Identity!.Name!, Email: request.Email?.Trim(), Program: ProgramOf(http, programs)), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (request.TimeZone is not null)
        {
            await ConsentTimeZones.SetAsync(db, programs.ProgramOf(http.User.Identity!.Name!), phone!, request.TimeZone, time.GetUtcNow(), cancellationToken);
        }

        var state = await LoadStateAsync(phone!, ProgramOf(http, programs), ledger, suppressions, cancellationToken);
        return TypedResults.Created($"/api/consents/{Uri.EscapeDataString(phone!)}", state);
    }

    public static async Task<Results<Ok<ConsentStateResponse>, ValidationProblem, ProblemHttpResult>> GetConsent(
        string phone, HttpContext http, ConsentLedger ledger, SuppressionList suppressions, ProgramCatalog programs, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var normalized = validation.Phone("phone", phone, ConsentEvent.PhoneMaxLength);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        // A number the program holds nothing for is unknown here, whatever other programs hold.
        var state = await LoadStateAsync(normalized!, ProgramOf(http, programs), ledger, suppressions, cancellationToken);
        return state.Events.Count == 0 && state.Suppression is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown number", detail: "No consent is on record for this number.")
            : TypedResults.Ok(state);
    }

    public static async Task<Results<Ok<ConsentStateResponse>, ValidationProblem, ProblemHttpResult>> RevokeConsent(
        string phone, HttpContext http, IOptions<JsonOptions> json, NotificationsDbContext db, ConsentLedger ledger,
        SuppressionList suppressions, OptOutRecorder optOuts, ProgramCatalog programs, CancellationToken cancellationToken)
    {
        var (_, request, invalid, rejected) = await JsonRequestBody.ReadAsync<RevokeConsentRequest>(
            http, json.Value.SerializerOptions, RequestBodyLimits.Consents, cancellationToken, optional: true);
        if (rejected is not null)
        {
            return rejected;
        }

        if (invalid is not null)
        {
            return invalid;
        }

        var validation = new Validation();
        var normalized = validation.Phone("phone", phone, ConsentEvent.PhoneMaxLength);
        if (request?.Purpose is { } purpose && !ConsentPurpose.IsValid(purpose))
        {
            validation.Add("purpose", "Must be 'transactional' or 'marketing', or omitted to revoke every purpose.");
        }

        validation.Text("reason", request?.Reason, ConsentEvent.NoteMaxLength);

        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        IReadOnlyList<string> purposes = request?.Purpose is { } one ? [one] : ConsentPurpose.All;
        var program = ProgramOf(http, programs);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // An opt-out from everything, made outside SMS: the number is suppressed for the app's program, like a STOP.
        await optOuts.RecordAsync(
            new OptOut(normalized!, ConsentSource.Api, http.User.Identity!.Name!, SuppressionReason.ApiRevocation)
            {
                Purposes = purposes, Note = request?.Reason, Programs = [program],
            },
            cancellationToken);

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await LoadStateAsync(normalized!, program, ledger, suppressions, cancellationToken));
    }

    public static async Task<Results<Ok<ConsentEvidenceExport>, ContentHttpResult, ProblemHttpResult, ValidationProblem>> ExportEvidence(
        string phone, HttpContext http, NotificationsDbContext db, ConsentLedger ledger, SuppressionList suppressions,
        ProgramCatalog programs, TimeProvider time, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var normalized = validation.Phone("phone", phone, ConsentEvent.PhoneMaxLength);
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }

        var program = ProgramOf(http, programs);
        var history = await ledger.GetHistoryAsync(normalized!, program, cancellationToken);
        var state = await LoadStateAsync(normalized!, program, history, suppressions, cancellationToken);
        // A number the program holds nothing for answers as one never seen: another program's evidence is not there.
        if (history.Count == 0 && state.Suppression is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown number", detail: "No consent evidence is held for this number.");
        }

        // The program's inbound messages: those received on a number it sends from (or on one no configured sender has).
        var inbound = (await db.InboundMessages.AsNoTracking()
            .Where(m => m.From == normalized)
            .OrderBy(m => m.ReceivedAt)
            .ToListAsync(cancellationToken))
            .Where(m => programs.ProgramsReachedAt(m.To).Contains(program))
            .ToList();

        var firstBroken = ConsentEventHash.FirstBroken(history);
        var export = new ConsentEvidenceExport(
            Document: "Consent evidence export",
            GeneratedAt: time.GetUtcNow(),
            GeneratedFor: http.User.Identity!.Name!,
            Phone: normalized!,
            Consent: state,
            InboundMessages: inbound.Select(InboundMessageView.Of).ToList(),
            Verified: firstBroken is null,
            RetentionPolicy: "Consent events are append-only and kept for at least 5 years after the last event for the number.");
        if (ConsentEvidenceHtml.IsPreferred(http.Request))
        {
            return ConsentEvidenceHtml.Page(http, export, firstBroken);
        }

        http.Response.Headers.ContentDisposition = $"attachment; filename=\"consent-evidence-{normalized!.TrimStart('+')}.json\"";
        return TypedResults.Ok(export);
    }

    /// <summary>The calling app's program: the only one whose consent it reads and writes.</summary>
    private static string ProgramOf(HttpContext http, ProgramCatalog programs) => programs.ProgramOf(http.User.Identity!.Name!);

    private static async Task<ConsentStateResponse> LoadStateAsync(
        string phone, string program, ConsentLedger ledger, SuppressionList suppressions, CancellationToken cancellationToken) =>
        await LoadStateAsync(phone, program, await ledger.GetHistoryAsync(phone, program, cancellationToken), suppressions, cancellationToken);

    /// <summary>
    /// The number's state in <paramref name="program"/> alone: its history there, and the suppression that applies to its
    /// sends there (the program's own, or a carrier fact for every program). Another program's evidence never shows: a number
    /// known only there answers as a number never seen.
    /// </summary>
    private static async Task<ConsentStateResponse> LoadStateAsync(
        string phone, string program, IReadOnlyList<ConsentEvent> history, SuppressionList suppressions, CancellationToken cancellationToken)
    {
        var suppression = await suppressions.FindAsync(phone, program, cancellationToken);
        var purposes = ConsentLedger.CurrentState(history)
            .ToDictionary(p => p.Key, p => new PurposeStateView(p.Value.Status, p.Value.Since, p.Value.Source));
        return new ConsentStateResponse(
            phone,
            suppression?.Active ?? false,
            SuppressionView.Of(suppression),
            purposes,
            history.Select(ConsentEventView.Of).ToList());
    }
}
