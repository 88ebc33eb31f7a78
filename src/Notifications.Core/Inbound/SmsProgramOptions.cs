using System.ComponentModel.DataAnnotations;

namespace Notifications.Core.Inbound;

/// <summary>The SMS program's CTIA disclosures, configuration section <c>Sms:Program</c>.</summary>
public sealed class SmsProgramOptions
{
    public const string SectionName = "Sms:Program";

    /// <summary>The brand or program name every reply starts with.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Sms:Program:BrandName is required (the brand named in HELP, STOP and START replies).")]
    public string BrandName { get; set; } = string.Empty;

    /// <summary>A support contact (phone, email or URL) for HELP replies.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Sms:Program:SupportContact is required (the contact given in HELP replies).")]
    public string SupportContact { get; set; } = string.Empty;

    /// <summary>The message frequency disclosure. The default value is "Msg frequency varies".</summary>
    public string MessageFrequency { get; set; } = "Msg frequency varies";
}
