namespace Notifications.Core.Consent;

/// <summary>What a consent covers. Marketing needs prior express written consent; transactional does not.</summary>
public static class ConsentPurpose
{
    public const string Transactional = "transactional";
    public const string Marketing = "marketing";

    public static readonly IReadOnlyList<string> All = [Transactional, Marketing];

    public static bool IsValid(string? value) => value is Transactional or Marketing;
}
