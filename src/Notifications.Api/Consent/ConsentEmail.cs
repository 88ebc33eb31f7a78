using System.Net.Mail;
using Notifications.Api.Http;
using Notifications.Core.Consent;

namespace Notifications.Api.Consent;

/// <summary>The <c>email</c> field of <c>POST /api/consents</c>: marketing email consent, recorded with the marketing opt-in.</summary>
internal static class ConsentEmail
{
    public const string Field = "email";

    /// <summary>
    /// Optional; when given: a plain address (no display name), at most <see cref="ConsentEvent.EmailMaxLength"/>
    /// characters, on a <c>marketing</c> opt-in (transactional fallback emails need no email consent).
    /// </summary>
    public static void Validate(RecordConsentRequest request, Validation validation)
    {
        if (request.Email is null || !validation.Text(Field, request.Email, ConsentEvent.EmailMaxLength))
        {
            return;
        }

        var address = request.Email.Trim();
        if (!MailAddress.TryCreate(address, out var parsed) || !string.Equals(parsed.Address, address, StringComparison.Ordinal))
        {
            validation.Add(Field, "Must be an email address (no display name).");
        }
        else if (request.Purpose != ConsentPurpose.Marketing)
        {
            validation.Add(Field, "Only for purpose 'marketing': the address the person agreed to receive marketing email at.");
        }
    }
}
