using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Notifications.Client;

/// <summary>
/// Checks <see cref="NotificationsClientOptions"/> against their data annotations at start-up; each failure names its
/// configuration key (for example <c>Notifications:ApiKey</c>).
/// </summary>
public sealed class NotificationsClientOptionsValidator : IValidateOptions<NotificationsClientOptions>
{
    /// <summary>Validates <paramref name="options"/>.</summary>
    /// <param name="name">The options' name (unused: the client has one set).</param>
    /// <param name="options">The options.</param>
    /// <returns>Success, or every failure.</returns>
    public ValidateOptionsResult Validate(string? name, NotificationsClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(results.Select(r => r.ErrorMessage ?? string.Join(", ", r.MemberNames)));
    }
}
