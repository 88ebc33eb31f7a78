using System.ComponentModel.DataAnnotations;

namespace Notifications.Simulator;

/// <summary>
/// Simulator settings, configuration section <c>Simulator</c>. Checked at start-up, the Twilio and
/// SendGrid parts included; a bad value stops the simulator with a message naming its key.
/// </summary>
public sealed class SimulatorOptions : IValidatableObject
{
    public const string SectionName = "Simulator";

    /// <summary>The Twilio side. The default value is <see cref="TwilioSimulatorOptions"/>' defaults.</summary>
    public TwilioSimulatorOptions Twilio { get; set; } = new();

    /// <summary>The SendGrid side. The default value is <see cref="SendGridSimulatorOptions"/>' defaults.</summary>
    public SendGridSimulatorOptions SendGrid { get; set; } = new();

    /// <summary>Validates the nested parts, which data annotations alone would not look into.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(Twilio, new ValidationContext(Twilio), results, validateAllProperties: true);
        Validator.TryValidateObject(SendGrid, new ValidationContext(SendGrid), results, validateAllProperties: true);
        return results;
    }
}
