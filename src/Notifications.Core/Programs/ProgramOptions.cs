using System.ComponentModel.DataAnnotations;
using Notifications.Core.Messages;
using Notifications.Core.Sms;

namespace Notifications.Core.Programs;

/// <summary>
/// One program: the brand a person consents to, with its CTIA texts. The program <c>default</c> is read from
/// <c>Sms:Program</c>; every other one from <c>Programs:&lt;name&gt;</c>.
/// </summary>
public sealed class ProgramOptions
{
    /// <summary>The configuration section of the program <c>default</c>.</summary>
    public const string SectionName = "Sms:Program";

    /// <summary>The configuration section holding every other program, one child per program name.</summary>
    public const string ProgramsSectionName = "Programs";

    /// <summary>The brand or program name every reply starts with.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "BrandName is required (the brand named in HELP, STOP and START replies).")]
    public string BrandName { get; set; } = string.Empty;

    /// <summary>A support contact (phone, email or URL) for HELP replies.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "SupportContact is required (the contact given in HELP replies).")]
    public string SupportContact { get; set; } = string.Empty;

    /// <summary>The message frequency disclosure. The default value is "Msg frequency varies".</summary>
    public string MessageFrequency { get; set; } = "Msg frequency varies";

    /// <summary>
    /// The double opt-in prompt sent by <c>POST /api/consents/requests</c>. Unset: a prompt built from the brand, the
    /// frequency and the rates disclosure, asking for YES.
    /// </summary>
    [MaxLength(Message.BodyMaxLength, ErrorMessage = "ConfirmationMessage must be at most 1,600 characters (the longest SMS body Twilio takes).")]
    public string? ConfirmationMessage { get; set; }

    /// <summary>
    /// The program's own senders, keyed like <c>Sms:Senders</c> (ISO country code or <c>default</c>); each entry overrides
    /// the installation's sender for that key, and keys not named here use <c>Sms:Senders</c>. Empty: the installation's senders.
    /// </summary>
    public Dictionary<string, SenderOptions> Senders { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
