using System.ComponentModel.DataAnnotations;
using System.Text;

namespace Notifications.Core.Privacy;

/// <summary>
/// The secret behind the keyed hashes and the encryption of phone numbers in Redis
/// (<see cref="NumberProtector"/>), configuration section <c>Redis</c>.
/// </summary>
public sealed class NumberHashOptions : IValidatableObject
{
    public const string SectionName = "Redis";

    public const string NumberHashKeyKey = "Redis:NumberHashKey";

    /// <summary>
    /// At least 32 bytes as base64, or any text of at least 32 characters. Every process (api and worker)
    /// must have the same value. The default value is none: a random secret generated once and kept in
    /// PostgreSQL (table <c>number_hash_keys</c>), which every process reads at start-up.
    /// </summary>
    public string? NumberHashKey { get; set; }

    /// <summary>The configured secret's bytes, or null when none is configured.</summary>
    public byte[]? ConfiguredSecret()
    {
        if (string.IsNullOrEmpty(NumberHashKey))
        {
            return null;
        }

        var buffer = new byte[NumberHashKey.Length];
        if (Convert.TryFromBase64String(NumberHashKey, buffer, out var written) && written >= NumberProtector.MinimumSecretBytes)
        {
            return buffer[..written];
        }

        return NumberHashKey.Length >= NumberProtector.MinimumSecretBytes ? Encoding.UTF8.GetBytes(NumberHashKey) : null;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(NumberHashKey) && ConfiguredSecret() is null)
        {
            // The message gives the length only: never the secret.
            yield return new ValidationResult(
                $"{NumberHashKeyKey} must be at least {NumberProtector.MinimumSecretBytes} bytes as base64 or at least {NumberProtector.MinimumSecretBytes} characters (was {NumberHashKey.Length} characters); leave it unset to use the secret kept in PostgreSQL.",
                [nameof(NumberHashKey)]);
        }
    }
}
